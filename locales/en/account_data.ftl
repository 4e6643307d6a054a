# A member's data: export, import, deletion (/settings/account).
account-data-title = Your data and account
account-data-link = Export, import or delete your account
export-heading = Export
export-intro = Your archive holds your profile, your posts (as an ActivityStreams outbox), who you follow and who follows you, the events you organise, the events you take part in, your memberships of projects and organisations, and your pictures.
export-archive = Download your archive (.tar.gz)
export-following = Download who you follow (CSV, as Mastodon exports it)
import-heading = Import follows
import-intro = Follow the accounts of a CSV file: the "Follows" export of Mastodon, or of another hub. Accounts you already follow are kept.
import-file = CSV file
import-hint = One account per line as user@server (Mastodon's file has a header row, which is skipped). At most 7,500.
import-submit = Import
import-started =
    { $count ->
        [one] One account is being followed. It appears among those you follow once its server answers.
       *[other] { $count } accounts are being followed. They appear among those you follow as their servers answer.
    }
import-error-csv = This is not a follows CSV: each line should start with an address such as ana@example.org.
import-error-empty = The file holds no account address.
import-error-too-many = The file holds more than 7,500 accounts.
account-delete-heading = Delete your account
account-delete-intro = Your posts are deleted (they leave a "deleted" mark in threads), your events are deleted, and every server that knows your account is told to delete it. Your user name is not given to anyone else. This cannot be undone: download your archive first.
account-delete-hand-over = First hand these over to another admin or moderator, or delete them:
account-delete-confirm = Type your user name ({ $username }) to confirm
account-delete-submit = Delete my account for good
account-delete-error-confirm = Type your user name exactly.
account-delete-error-hand-over = First hand over the projects, organisations and communities you run alone.
account-delete-error-last-admin = You are this hub's only administrator: make someone else an administrator first.
flash-account-deleted = Your account was deleted. Goodbye.
move-heading = Moving accounts
move-aliases-heading = Coming here from another account
move-aliases-intro = To move an account from another server (Mastodon, another hub) to this one ({ $handle }), name it here first; then start the move on the other server.
move-aliases-field = Your other accounts
move-aliases-hint = One per line, as @name@server. At most five.
move-aliases-save = Save
move-away-heading = Moving to another account
move-away-intro = Your followers here and elsewhere will follow the new account, and your profile will say where you went. The new account must first name this one as an alias ("also known as").
move-target = The new account
move-submit = Move my followers there
move-done = This account moved to { $target }.
move-profile-moved = This account has moved to
move-error-unknown = That account could not be found.
move-error-self = That is this account.
move-error-not-alias = The new account does not name this one as an alias yet: add it there first.
move-error-aliases-many = At most five accounts.
flash-aliases-saved = Your other accounts were saved.
flash-moved = Your followers are moving to the new account.
