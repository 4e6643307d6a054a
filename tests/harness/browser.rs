//! The HTML side: a tiny browser with cookies and CSRF tokens, logging in, submitting
//! forms, and reading pages.

use super::{Hub, Network};
use reqwest::StatusCode;
use std::collections::HashMap;

/// The password `Hub::create_user` gives every member.
pub const PASSWORD: &str = "correct horse battery";

/// A tiny browser: keeps cookies, reads CSRF tokens out of forms .
pub struct Browser {
    client: reqwest::Client,
    cookies: HashMap<String, String>,
    pub lang: &'static str,
    /// Sent as `X-Forwarded-For`: the client address a trusted proxy would report (tests
    /// of the rate limits, with `limits.trusted_proxies` naming 127.0.0.1).
    pub forwarded_for: Option<String>,
}

impl Browser {
    pub fn new(net: &Network) -> Browser {
        Browser {
            client: net.client(),
            cookies: HashMap::new(),
            lang: "en",
            forwarded_for: None,
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn forwarded(&self) -> reqwest::header::HeaderMap {
        let mut headers = reqwest::header::HeaderMap::new();
        if let Some(ip) = self.forwarded_for.as_deref().and_then(|ip| ip.parse().ok()) {
            headers.insert("x-forwarded-for", ip);
        }
        headers
    }

    fn keep(&mut self, res: &reqwest::Response) -> Vec<String> {
        let mut raw = vec![];
        for v in res.headers().get_all("set-cookie") {
            let text = v.to_str().unwrap().to_string();
            let (pair, _) = text.split_once(';').unwrap_or((&text, ""));
            let (k, val) = pair.split_once('=').unwrap();
            if val.is_empty() {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_string(), val.to_string());
            }
            raw.push(text);
        }
        raw
    }

    pub async fn get(&mut self, url: &str) -> (StatusCode, String) {
        let res = self
            .client
            .get(url)
            .header("cookie", self.cookie_header())
            .header("accept-language", self.lang)
            .headers(self.forwarded())
            .send()
            .await
            .unwrap();
        self.keep(&res);
        (res.status(), res.text().await.unwrap())
    }

    /// A GET that may redirect: its status and where it leads.
    #[allow(dead_code)]
    pub async fn get_location(&mut self, url: &str) -> (StatusCode, Option<String>) {
        let res = self
            .client
            .get(url)
            .header("cookie", self.cookie_header())
            .header("accept-language", self.lang)
            .headers(self.forwarded())
            .send()
            .await
            .unwrap();
        self.keep(&res);
        let location = res
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_string());
        (res.status(), location)
    }

    pub async fn post(
        &mut self,
        url: &str,
        form: &[(&str, &str)],
    ) -> (StatusCode, String, Vec<String>, Option<String>) {
        let res = self
            .client
            .post(url)
            .header("cookie", self.cookie_header())
            .header("accept-language", self.lang)
            .headers(self.forwarded())
            .form(form)
            .send()
            .await
            .unwrap();
        let cookies = self.keep(&res);
        let location = res
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_string());
        (res.status(), res.text().await.unwrap(), cookies, location)
    }
}

impl Browser {
    /// The `Cookie` header this browser sends (for requests made by hand).
    #[allow(dead_code)]
    pub fn cookie_header_value(&self) -> String {
        self.cookie_header()
    }

    /// A POST of a body built by hand (a multipart form), with this browser's cookies.
    #[allow(dead_code)]
    pub async fn post_raw(
        &mut self,
        url: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> (StatusCode, String) {
        let res = self
            .client
            .post(url)
            .header("cookie", self.cookie_header())
            .header("accept-language", self.lang)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        self.keep(&res);
        (res.status(), res.text().await.unwrap())
    }

    /// A POST's status, `Retry-After` header and body (for the rate limits' refusals).
    pub async fn post_retry_after(
        &mut self,
        url: &str,
        form: &[(&str, &str)],
    ) -> (StatusCode, Option<u64>, String) {
        let res = self
            .client
            .post(url)
            .header("cookie", self.cookie_header())
            .header("accept-language", self.lang)
            .headers(self.forwarded())
            .form(form)
            .send()
            .await
            .unwrap();
        self.keep(&res);
        let retry_after = res
            .headers()
            .get("retry-after")
            .map(|v| v.to_str().unwrap().parse().expect("Retry-After in seconds"));
        (res.status(), retry_after, res.text().await.unwrap())
    }
}

pub fn csrf(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).expect("form has a csrf token") + marker.len();
    html[start..start + 64].to_string()
}

pub async fn log_in(
    b: &mut Browser,
    hub: &Hub,
    name: &str,
    password: &str,
) -> (StatusCode, String, Vec<String>) {
    let (_, form) = b.get(&hub.url("/login")).await;
    let token = csrf(&form);
    let (status, body, cookies, _) = b
        .post(
            &hub.url("/login"),
            &[
                ("csrf_token", &token),
                ("username", name),
                ("password", password),
            ],
        )
        .await;
    (status, body, cookies)
}

pub async fn member(net: &Network, hub: &Hub, name: &str) -> Browser {
    hub.create_user(name).await;
    let mut b = Browser::new(net);
    let (status, _, _) = log_in(&mut b, hub, name, PASSWORD).await;
    assert_eq!(status, 303);
    b
}

/// `text` as the templates escape it (minijinja escapes `/` too).
pub fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2f;")
}

/// Submits the form found at `form_path` to `action` with `fields` and the page's token.
pub async fn submit(
    b: &mut Browser,
    hub: &Hub,
    form_path: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String, Option<String>) {
    let (status, page) = b.get(&hub.url(form_path)).await;
    assert_eq!(status, 200, "{form_path}: {page}");
    let token = csrf(&page);
    let mut form = vec![("csrf_token", token.as_str())];
    form.extend_from_slice(fields);
    let (status, body, _, location) = b.post(&hub.url(action), &form).await;
    (status, body, location)
}

/// Every text is on the page, as typed or as the templates escape it.
pub fn shows(page: &str, texts: &[&str]) {
    for text in texts {
        let found = page.contains(text) || page.contains(&escaped(text));
        assert!(found, "{text} missing: {page}");
    }
}

pub fn position(page: &str, text: &str) -> usize {
    page.find(text)
        .unwrap_or_else(|| panic!("{text} missing: {page}"))
}
