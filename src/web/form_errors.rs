//! What a refused form shows: every mistake at once, each beside its field (the field is
//! `aria-invalid` and names the message in `aria-describedby`), and a summary at the top
//! that links to the fields and takes the focus (`autofocus`, no JavaScript). The macros
//! that draw them are in `templates/_form.html`.

use crate::error::{AppError, FieldError};
use crate::i18n::{self, Arg};
use crate::web::page::Page;
use minijinja::context;
use minijinja::value::Value;
use std::collections::BTreeMap;

/// The translated mistakes of one form; `field` is empty for one about the whole form.
#[derive(Default)]
pub struct FormErrors {
    items: Vec<(&'static str, String)>,
}

impl FormErrors {
    /// The mistakes a person can fix in the form, from a service's refusal: each field of
    /// [`AppError::Invalid`]; a single rule ([`AppError::Validation`], or a community rule,
    /// [`AppError::NotAllowed`]) about `field` (the form's one field, or "" when the rule
    /// is about the whole form). `None` for other errors, which are error pages.
    pub fn of(page: &Page, error: &AppError, field: &'static str) -> Option<FormErrors> {
        match error {
            AppError::Invalid(fields) => Some(FormErrors::from_fields(page, fields)),
            AppError::Validation(code) | AppError::NotAllowed(code) => {
                Some(FormErrors::one(page, field, code))
            }
            _ => None,
        }
    }

    pub fn from_fields(page: &Page, fields: &[FieldError]) -> FormErrors {
        FormErrors {
            items: fields.iter().map(|f| (f.field, page.t(f.code))).collect(),
        }
    }

    /// One rule (a translation id) about `field`.
    pub fn one(page: &Page, field: &'static str, code: &str) -> FormErrors {
        FormErrors::message(field, page.t(code))
    }

    /// One message, already translated, about `field`.
    pub fn message(field: &'static str, message: String) -> FormErrors {
        FormErrors {
            items: vec![(field, message)],
        }
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The mistakes in the order of `fields` (the form's order), so that the summary reads
    /// as the form does; fields not listed come last.
    pub fn ordered(mut self, fields: &[&str]) -> FormErrors {
        let place = |f: &str| fields.iter().position(|x| *x == f).unwrap_or(fields.len());
        self.items.sort_by_key(|(f, _)| place(f));
        self
    }

    /// What the templates read: `any`, the summary's `id`, `heading` and `list` (each with
    /// `message` and the `href` of its field), and `fields`, each field's `error_id` and
    /// `message`. Inputs are expected at the id `{prefix}-{field}` (`{field}` without a
    /// prefix), which keeps the ids of forms sharing a page apart.
    pub fn view(&self, page: &Page, prefix: &str) -> Value {
        let id_of = |field: &str| match prefix {
            "" => field.to_string(),
            p => format!("{p}-{field}"),
        };
        let mut fields = BTreeMap::new();
        let list: Vec<Value> = self
            .items
            .iter()
            .map(|(field, message)| {
                let href = (!field.is_empty()).then(|| format!("#{}", id_of(field)));
                if !field.is_empty() {
                    fields.entry(field.to_string()).or_insert_with(|| {
                        context! { error_id => format!("{}-error", id_of(field)), message => message }
                    });
                }
                context! { message => message, href => href }
            })
            .collect();
        let count = Arg::Num(self.items.len() as f64);
        context! {
            any => !self.items.is_empty(),
            id => id_of("errors"),
            heading => i18n::translate(page.lang, "form-errors-count", &[("count", count)]),
            list => list,
            fields => fields,
        }
    }
}
