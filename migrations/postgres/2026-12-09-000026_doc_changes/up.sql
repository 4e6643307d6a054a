-- The documents other servers GET (actors, objects, collections, WebFinger, NodeInfo) are
-- kept rendered in memory (`doc_cache`); a write to a table they are made of must drop
-- them in every process. A NOTIFY from a trigger is sent when the transaction commits
-- (and once per transaction however many statements notify), so no process drops its
-- copy before the change can be read.
CREATE FUNCTION tessera_notify_docs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('tessera_docs', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER actors_docs AFTER INSERT OR UPDATE OR DELETE ON actors
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER users_docs AFTER INSERT OR UPDATE OR DELETE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER follows_docs AFTER INSERT OR UPDATE OR DELETE ON follows
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER instance_settings_docs AFTER INSERT OR UPDATE OR DELETE ON instance_settings
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER outgoing_activities_docs AFTER INSERT OR UPDATE OR DELETE ON outgoing_activities
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER posts_docs AFTER INSERT OR UPDATE OR DELETE ON posts
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER post_audience_docs AFTER INSERT OR UPDATE OR DELETE ON post_audience
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER directory_entries_docs AFTER INSERT OR UPDATE OR DELETE ON directory_entries
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER directory_tags_docs AFTER INSERT OR UPDATE OR DELETE ON directory_tags
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER memberships_docs AFTER INSERT OR UPDATE OR DELETE ON memberships
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER entry_links_docs AFTER INSERT OR UPDATE OR DELETE ON entry_links
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER project_replications_docs AFTER INSERT OR UPDATE OR DELETE ON project_replications
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER media_docs AFTER INSERT OR UPDATE OR DELETE ON media
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER events_docs AFTER INSERT OR UPDATE OR DELETE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER event_tags_docs AFTER INSERT OR UPDATE OR DELETE ON event_tags
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER participations_docs AFTER INSERT OR UPDATE OR DELETE ON participations
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER communities_docs AFTER INSERT OR UPDATE OR DELETE ON communities
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER community_roles_docs AFTER INSERT OR UPDATE OR DELETE ON community_roles
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER community_bans_docs AFTER INSERT OR UPDATE OR DELETE ON community_bans
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER post_likes_docs AFTER INSERT OR UPDATE OR DELETE ON post_likes
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER post_boosts_docs AFTER INSERT OR UPDATE OR DELETE ON post_boosts
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER domain_blocks_docs AFTER INSERT OR UPDATE OR DELETE ON domain_blocks
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER actor_blocks_docs AFTER INSERT OR UPDATE OR DELETE ON actor_blocks
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER funding_calls_docs AFTER INSERT OR UPDATE OR DELETE ON funding_calls
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER funding_call_deadlines_docs AFTER INSERT OR UPDATE OR DELETE ON funding_call_deadlines
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER funding_call_tags_docs AFTER INSERT OR UPDATE OR DELETE ON funding_call_tags
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER resources_docs AFTER INSERT OR UPDATE OR DELETE ON resources
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER resource_tags_docs AFTER INSERT OR UPDATE OR DELETE ON resource_tags
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER resource_authors_docs AFTER INSERT OR UPDATE OR DELETE ON resource_authors
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER resource_projects_docs AFTER INSERT OR UPDATE OR DELETE ON resource_projects
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
CREATE TRIGGER resource_attachments_docs AFTER INSERT OR UPDATE OR DELETE ON resource_attachments
    FOR EACH STATEMENT EXECUTE FUNCTION tessera_notify_docs();
