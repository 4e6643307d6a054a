//! The one hand-written schema shared by both backends. Keep it in step with
//! `migrations/postgres` and `migrations/sqlite` (a test selects every column of every
//! table on a migrated database). `directory_search` is backend-specific (FTS5 on SQLite,
//! `tsvector` on PostgreSQL) and queried with SQL in `models/directory_search.rs`.

diesel::table! {
    actors (id) {
        id -> BigInt,
        ap_id -> Text,
        kind -> Text,
        username -> Text,
        domain -> Text,
        display_name -> Text,
        summary -> Text,
        inbox_url -> Text,
        shared_inbox_url -> Nullable<Text>,
        outbox_url -> Nullable<Text>,
        followers_url -> Nullable<Text>,
        following_url -> Nullable<Text>,
        profile_url -> Nullable<Text>,
        public_key_pem -> Text,
        private_key_pem -> Nullable<Text>,
        is_local -> Bool,
        manually_approves_followers -> Bool,
        discoverable -> Bool,
        published -> Nullable<Timestamp>,
        last_refreshed_at -> Timestamp,
        created_at -> Timestamp,
        icon_url -> Nullable<Text>,
        standing -> Text,
        domain_limited -> Bool,
        fields -> Text,
        languages -> Text,
        country -> Nullable<Text>,
        image_url -> Nullable<Text>,
        also_known_as -> Text,
        moved_to -> Nullable<Text>,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        actor_id -> BigInt,
        username -> Text,
        password_hash -> Text,
        is_admin -> Bool,
        status -> Text,
        signup_reason -> Text,
        locale -> Nullable<Text>,
        created_at -> Timestamp,
        moderation_seen_at -> Nullable<Timestamp>,
        email -> Nullable<Text>,
        email_verified_at -> Nullable<Timestamp>,
        totp_secret -> Nullable<Text>,
        totp_enabled_at -> Nullable<Timestamp>,
        totp_last_step -> Nullable<BigInt>,
        totp_recovery -> Text,
        bio_source -> Nullable<Text>,
    }
}

diesel::table! {
    notifications (id) {
        id -> BigInt,
        user_id -> BigInt,
        kind -> Text,
        actor_id -> Nullable<BigInt>,
        post_id -> Nullable<BigInt>,
        event_id -> Nullable<BigInt>,
        report_id -> Nullable<BigInt>,
        dedupe_key -> Text,
        read_at -> Nullable<Timestamp>,
        emailed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        target_actor_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    notification_prefs (user_id, kind) {
        user_id -> BigInt,
        kind -> Text,
        web -> Bool,
        email -> Text,
    }
}

diesel::table! {
    email_tokens (id) {
        id -> BigInt,
        token_hash -> Text,
        user_id -> BigInt,
        purpose -> Text,
        email -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    outgoing_mail (id) {
        id -> BigInt,
        recipient -> Text,
        subject -> Text,
        text_body -> Text,
        html_body -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        failed_at -> Nullable<Timestamp>,
        last_error -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    follows (id) {
        id -> BigInt,
        ap_id -> Text,
        follower_id -> BigInt,
        followee_id -> BigInt,
        state -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> BigInt,
        token_hash -> Text,
        user_id -> BigInt,
        csrf_token -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        second_factor_pending -> Bool,
        user_agent -> Text,
        last_seen_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> BigInt,
        token_hash -> Text,
        user_id -> BigInt,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        name -> Text,
        scopes -> Text,
    }
}

// Invite links (`models/invite.rs`); `max_uses` and `expires_at` NULL: no limit.
diesel::table! {
    invites (id) {
        id -> BigInt,
        code -> Text,
        max_uses -> Nullable<Integer>,
        uses -> Integer,
        expires_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    instance_settings (key) {
        key -> Text,
        value -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    outgoing_activities (id) {
        id -> BigInt,
        ap_id -> Text,
        actor_id -> BigInt,
        payload -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    deliveries (id) {
        id -> BigInt,
        activity_id -> BigInt,
        inbox_url -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        last_error -> Nullable<Text>,
        failed -> Bool,
        created_at -> Timestamp,
        host -> Text,
        locked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    hosts (host) {
        host -> Text,
        consecutive_failures -> Integer,
        first_failure_at -> Nullable<Timestamp>,
        last_failure_at -> Nullable<Timestamp>,
        last_success_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        circuit_open_until -> Nullable<Timestamp>,
        unavailable -> Bool,
    }
}

diesel::table! {
    received_activities (ap_id) {
        ap_id -> Text,
        received_at -> Timestamp,
    }
}

diesel::table! {
    posts (id) {
        id -> BigInt,
        ap_id -> Text,
        author_id -> BigInt,
        kind -> Text,
        name -> Nullable<Text>,
        summary -> Text,
        content_html -> Text,
        language -> Nullable<Text>,
        url -> Nullable<Text>,
        in_reply_to -> Nullable<Text>,
        visibility -> Text,
        sensitive -> Bool,
        attachments -> Text,
        is_local -> Bool,
        published -> Timestamp,
        updated -> Nullable<Timestamp>,
        deleted_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        community_id -> Nullable<BigInt>,
        thread_id -> Nullable<BigInt>,
        locked -> Bool,
        pinned -> Bool,
        removed_at -> Nullable<Timestamp>,
        like_count -> Integer,
        source -> Text,
        tags -> Text,
        boost_count -> Integer,
        conversation_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    conversation_reads (actor_id, conversation_id) {
        actor_id -> BigInt,
        conversation_id -> BigInt,
        last_read_id -> BigInt,
    }
}

diesel::table! {
    post_audience (post_id, actor_id) {
        post_id -> BigInt,
        actor_id -> BigInt,
    }
}

diesel::table! {
    directory_entries (actor_id) {
        actor_id -> BigInt,
        entry_kind -> Text,
        description_source -> Text,
        description_html -> Text,
        website -> Nullable<Text>,
        country -> Nullable<Text>,
        region -> Text,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        status -> Nullable<Text>,
        start_date -> Nullable<Date>,
        end_date -> Nullable<Date>,
        social_impact -> Text,
        beneficiaries -> Text,
        org_type -> Nullable<Text>,
        org_size -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    directory_tags (actor_id, facet, value) {
        actor_id -> BigInt,
        facet -> Text,
        value -> Text,
    }
}

diesel::table! {
    directory_changes (id) {
        id -> BigInt,
        actor_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    memberships (id) {
        id -> BigInt,
        actor_id -> BigInt,
        user_id -> BigInt,
        role -> Text,
        state -> Text,
        invited_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    entry_links (id) {
        id -> BigInt,
        project_id -> BigInt,
        organisation_id -> BigInt,
        role -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    project_replications (id) {
        id -> BigInt,
        project_id -> BigInt,
        source_ap_id -> Text,
        source_id -> Nullable<BigInt>,
        relation -> Text,
        note -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    media (id) {
        id -> BigInt,
        actor_id -> BigInt,
        role -> Text,
        file_name -> Text,
        content_type -> Text,
        byte_size -> BigInt,
        width -> Integer,
        height -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    events (id) {
        id -> BigInt,
        ap_id -> Text,
        key -> Text,
        organizer_id -> BigInt,
        creator_id -> Nullable<BigInt>,
        is_local -> Bool,
        title -> Text,
        description_source -> Text,
        description_html -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        time_zone -> Text,
        place_name -> Text,
        address -> Text,
        country -> Nullable<Text>,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        online_url -> Nullable<Text>,
        category -> Nullable<Text>,
        language -> Nullable<Text>,
        status -> Text,
        join_mode -> Text,
        external_url -> Nullable<Text>,
        capacity -> Nullable<Integer>,
        participant_count -> Integer,
        url -> Nullable<Text>,
        cover_url -> Nullable<Text>,
        published -> Timestamp,
        updated -> Nullable<Timestamp>,
        sequence -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    event_tags (event_id, facet, value) {
        event_id -> BigInt,
        facet -> Text,
        value -> Text,
    }
}

diesel::table! {
    participations (id) {
        id -> BigInt,
        ap_id -> Text,
        event_id -> BigInt,
        actor_id -> BigInt,
        state -> Text,
        message -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    communities (actor_id) {
        actor_id -> BigInt,
        description_source -> Text,
        description_html -> Text,
        rules_source -> Text,
        rules_html -> Text,
        languages -> Text,
        posting -> Text,
        moderators_url -> Nullable<Text>,
        featured_url -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    community_roles (community_id, actor_id) {
        community_id -> BigInt,
        actor_id -> BigInt,
        role -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    community_bans (community_id, actor_id) {
        community_id -> BigInt,
        actor_id -> BigInt,
        reason -> Text,
        expires_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    post_likes (id) {
        id -> BigInt,
        ap_id -> Text,
        post_id -> BigInt,
        actor_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    post_boosts (id) {
        id -> BigInt,
        ap_id -> Text,
        post_id -> BigInt,
        actor_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    peers (id) {
        id -> BigInt,
        host -> Text,
        actor_id -> Nullable<BigInt>,
        state -> Text,
        profile -> Text,
        last_contact_at -> Nullable<Timestamp>,
        backfill_state -> Text,
        backfill_next -> Nullable<Text>,
        backfill_items -> Integer,
        backfill_error -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    hub_item_versions (object_id) {
        object_id -> Text,
        changed_at -> Timestamp,
        deleted -> Bool,
    }
}

diesel::table! {
    domain_blocks (id) {
        id -> BigInt,
        domain -> Text,
        severity -> Text,
        reject_media -> Bool,
        reject_reports -> Bool,
        public_comment -> Text,
        private_comment -> Text,
        obfuscate -> Bool,
        source -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    domain_allows (domain) {
        domain -> Text,
        comment -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    blocklist_subscriptions (id) {
        id -> BigInt,
        url -> Text,
        auto_apply -> Bool,
        last_fetched_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        entries -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    domain_block_suggestions (id) {
        id -> BigInt,
        domain -> Text,
        severity -> Text,
        reject_media -> Bool,
        reject_reports -> Bool,
        public_comment -> Text,
        source -> Text,
        state -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    actor_blocks (id) {
        id -> BigInt,
        actor_id -> BigInt,
        target_id -> BigInt,
        kind -> Text,
        ap_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    actor_domain_blocks (actor_id, domain) {
        actor_id -> BigInt,
        domain -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    reports (id) {
        id -> BigInt,
        reporter_id -> Nullable<BigInt>,
        reporter_contact -> Text,
        origin_domain -> Text,
        flag_ap_id -> Nullable<Text>,
        target_id -> Nullable<BigInt>,
        objects -> Text,
        object_kind -> Text,
        community_id -> Nullable<BigInt>,
        category -> Text,
        legal_ground -> Text,
        comment -> Text,
        forwarded_at -> Nullable<Timestamp>,
        state -> Text,
        decision -> Nullable<Text>,
        decision_reason -> Text,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        status_token_hash -> Nullable<Text>,
    }
}

diesel::table! {
    moderation_log (id) {
        id -> BigInt,
        action -> Text,
        subject -> Text,
        reason -> Text,
        moderator_id -> Nullable<BigInt>,
        affected_id -> Nullable<BigInt>,
        report_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    admin_audit (id) {
        id -> BigInt,
        user_id -> Nullable<BigInt>,
        action -> Text,
        detail -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    funding_calls (id) {
        id -> BigInt,
        ap_id -> Text,
        key -> Text,
        publisher_id -> BigInt,
        creator_id -> Nullable<BigInt>,
        is_local -> Bool,
        title -> Text,
        summary -> Text,
        description_source -> Text,
        description_html -> Text,
        programme -> Text,
        call_kind -> Text,
        amount_min -> Nullable<BigInt>,
        amount_max -> Nullable<BigInt>,
        currency -> Nullable<Text>,
        cofunding_rate -> Nullable<Integer>,
        opens_at -> Nullable<Timestamp>,
        closes_at -> Nullable<Timestamp>,
        time_zone -> Text,
        link -> Nullable<Text>,
        contact -> Text,
        url -> Nullable<Text>,
        published -> Timestamp,
        updated -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    funding_call_deadlines (call_id, position) {
        call_id -> BigInt,
        position -> Integer,
        label -> Text,
        due_at -> Timestamp,
    }
}

diesel::table! {
    funding_call_tags (call_id, facet, value) {
        call_id -> BigInt,
        facet -> Text,
        value -> Text,
    }
}

diesel::table! {
    resources (id) {
        id -> BigInt,
        ap_id -> Text,
        key -> Text,
        publisher_id -> BigInt,
        creator_id -> Nullable<BigInt>,
        is_local -> Bool,
        resource_kind -> Text,
        title -> Text,
        summary -> Text,
        body_source -> Text,
        body_html -> Text,
        licence -> Text,
        language -> Text,
        translation_of -> Nullable<Text>,
        url -> Nullable<Text>,
        published -> Timestamp,
        updated -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    resource_tags (resource_id, facet, value) {
        resource_id -> BigInt,
        facet -> Text,
        value -> Text,
    }
}

diesel::table! {
    resource_authors (resource_id, position) {
        resource_id -> BigInt,
        position -> Integer,
        ap_id -> Nullable<Text>,
        name -> Text,
        author_kind -> Text,
    }
}

diesel::table! {
    resource_projects (resource_id, project_ap_id) {
        resource_id -> BigInt,
        project_ap_id -> Text,
    }
}

diesel::table! {
    resource_attachments (resource_id, position) {
        resource_id -> BigInt,
        position -> Integer,
        url -> Text,
        media_type -> Text,
        name -> Text,
        byte_size -> Nullable<BigInt>,
        file_name -> Nullable<Text>,
    }
}

diesel::joinable!(users -> actors (actor_id));
diesel::joinable!(directory_entries -> actors (actor_id));
diesel::joinable!(memberships -> actors (actor_id));
diesel::joinable!(posts -> actors (author_id));
diesel::joinable!(post_audience -> posts (post_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(outgoing_activities -> actors (actor_id));
diesel::joinable!(deliveries -> outgoing_activities (activity_id));
diesel::joinable!(event_tags -> events (event_id));
diesel::joinable!(funding_call_tags -> funding_calls (call_id));
diesel::joinable!(funding_call_deadlines -> funding_calls (call_id));
diesel::joinable!(resource_tags -> resources (resource_id));
diesel::joinable!(resource_authors -> resources (resource_id));
diesel::joinable!(resource_projects -> resources (resource_id));
diesel::joinable!(resource_attachments -> resources (resource_id));
diesel::joinable!(participations -> events (event_id));
diesel::joinable!(participations -> actors (actor_id));
diesel::joinable!(communities -> actors (actor_id));
diesel::joinable!(post_likes -> posts (post_id));
diesel::joinable!(post_boosts -> posts (post_id));

diesel::allow_tables_to_appear_in_same_query!(
    actors,
    domain_blocks,
    domain_allows,
    blocklist_subscriptions,
    domain_block_suggestions,
    actor_blocks,
    actor_domain_blocks,
    reports,
    moderation_log,
    admin_audit,
    users,
    follows,
    sessions,
    api_tokens,
    instance_settings,
    outgoing_activities,
    deliveries,
    hosts,
    received_activities,
    posts,
    post_audience,
    conversation_reads,
    directory_entries,
    directory_tags,
    directory_changes,
    memberships,
    entry_links,
    project_replications,
    media,
    events,
    event_tags,
    participations,
    communities,
    community_roles,
    community_bans,
    post_likes,
    post_boosts,
    peers,
    hub_item_versions,
    funding_calls,
    funding_call_deadlines,
    funding_call_tags,
    resources,
    resource_tags,
    resource_authors,
    resource_projects,
    resource_attachments,
);

// Item counts per origin host and kind (`models/peer.rs`).
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    actors::domain,
    directory_entries::entry_kind,
);
