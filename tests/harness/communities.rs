//! Communities through the services: an input, a post text, waiting for a post to arrive,
//! and following.

use super::{eventually, Hub};
use tessera::db::models::post::Post;
use tessera::db::models::user::User;
use tessera::services::communities::CommunityInput;
use tessera::services::follows;
use tessera::services::threads::PostText;

pub fn input(handle: &str) -> CommunityInput {
    CommunityInput {
        handle: handle.into(),
        name: "Cities and urban development".into(),
        description: "Peer learning on **housing** and mobility.".into(),
        rules: "1. Be kind.".into(),
        languages: vec!["en".into(), "pt".into()],
        approval_required: false,
        posting: "followers".into(),
    }
}

pub fn text(title: &str, content: &str, lang: &str) -> PostText {
    PostText {
        title: title.into(),
        content: content.into(),
        language: Some(lang.into()),
    }
}

/// A post by its ActivityPub id on `hub`, once it has arrived.
pub async fn arrived(hub: &Hub, ap_id: &str) -> Post {
    eventually(&format!("{ap_id} reaches {}", hub.domain), || async {
        let mut conn = hub.ctx.pool.get().await.unwrap();
        Post::find_by_ap_id(&mut conn, ap_id)
            .await
            .unwrap()
            .is_some()
    })
    .await;
    let mut conn = hub.ctx.pool.get().await.unwrap();
    Post::find_by_ap_id(&mut conn, ap_id)
        .await
        .unwrap()
        .unwrap()
}

/// `user` on `hub` follows `target` and waits until it is accepted.
pub async fn follow(hub: &Hub, user: &User, target: &str) {
    let (row, followee) = follows::follow(&hub.ctx, user, target)
        .await
        .expect("follow");
    eventually(&format!("{target} accepts"), || async {
        follows::between(&hub.ctx, row.follower_id, followee.id)
            .await
            .unwrap()
            .is_some_and(|f| f.state == "accepted")
    })
    .await;
}
