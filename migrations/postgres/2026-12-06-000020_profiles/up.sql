-- Profiles: extra fields (Mastodon's PropertyValue: name and value, the value as sanitised
-- HTML) as a JSON array, the languages a person works in (BCP 47 tags, space-separated),
-- their country (ISO 3166-1 alpha-2), and the header picture of a remote account (a local
-- one's avatar and header are in `media`). A member's bio is typed in Markdown; the source
-- is kept for the form, the HTML is the actor's summary.
ALTER TABLE actors ADD COLUMN fields TEXT NOT NULL DEFAULT '[]';
ALTER TABLE actors ADD COLUMN languages TEXT NOT NULL DEFAULT '';
ALTER TABLE actors ADD COLUMN country TEXT;
ALTER TABLE actors ADD COLUMN image_url TEXT;
ALTER TABLE users ADD COLUMN bio_source TEXT;
-- Moving accounts (Mastodon's Move): the other accounts an actor says it also is (its
-- `alsoKnownAs`, space-separated ids), and the account it moved to.
ALTER TABLE actors ADD COLUMN also_known_as TEXT NOT NULL DEFAULT '';
ALTER TABLE actors ADD COLUMN moved_to TEXT;
