## Peer-learning communities: the list, a community's page, its settings and moderation,
## threads with nested replies.

communities-nav = Communities
communities-title = Communities
communities-intro = Peer-learning communities of this hub and of the hubs its members follow. Follow one from Mastodon, Lemmy or here, then start threads and answer each other.
communities-new = Create a community
communities-filter-language = Language
communities-filter-language-hint = A language code such as en, fr or pt-BR.
communities-filter-apply = Show
communities-filter-clear = All languages
communities-empty = No community yet.
communities-empty-language = No community uses this language.
communities-followers =
    { $count ->
        [one] { $count } follower
       *[other] { $count } followers
    }
communities-threads =
    { $count ->
        [one] { $count } thread
       *[other] { $count } threads
    }
communities-languages = Languages: { $languages }
communities-remote = from { $host }

community-handle-hint = Follow it from Mastodon, Lemmy or another hub: { $handle }
community-description = About
community-rules = Rules
community-languages = Languages
community-moderators = Moderators
community-approval-required = Follow requests are approved by the moderators.
community-members-only = Only members chosen by the moderators may start threads and reply.
community-follow = Follow
community-unfollow = Unfollow
community-cancel-request = Cancel the follow request
community-request-pending = Your follow request waits for a moderator.
community-login-to-follow = Log in to follow and take part
community-login-to-post = Log in to start a thread
community-posting-follow = Only followers of this community can post here. Follow it first: what you have written stays in the form.
community-posting-follow-button = Follow this community
community-feed = Atom feed
community-settings = Settings
community-moderation = Moderation
community-threads-heading = Threads
community-threads-total =
    { $count ->
        [one] { $count } thread
       *[other] { $count } threads
    }
community-threads-empty = No thread yet. Start the first one.
community-filter-language = Threads in
community-filter-all = All languages
community-filter-apply = Filter
community-pinned = Pinned
community-locked = Locked
community-replies =
    { $count ->
        [one] { $count } reply
       *[other] { $count } replies
    }
community-by = by { $name }
community-from-hub = from { $host }
community-pagination = Pages
community-previous = Newer threads
community-next = Older threads
community-page-of = Page { $page } of { $pages }
community-compose-heading = Start a thread
community-compose-title = Title
community-compose-text = Text
community-compose-text-hint = Markdown: **bold**, *italic*, [links](https://example.org), lists. #hashtags and @mentions work.
community-compose-language = Language
community-compose-language-hint = A language code such as en, fr or pt-BR.
community-compose-submit = Publish the thread
community-you-moderate = You moderate this community.

community-form-new-title = Create a community
community-form-edit-title = Settings of { $name }
community-form-intro = A community is a place for threads and nested replies, followed from here, from Mastodon or from Lemmy. You become its first moderator.
community-form-handle = Handle
community-form-handle-hint = Letters, digits and underscores; it cannot be changed. People follow @handle@{ $domain }.
community-form-name = Name
community-form-description = Description
community-form-description-hint = Markdown. What the community is about, shown on its page and in other apps.
community-form-rules = Rules
community-form-rules-hint = Markdown. How members treat each other.
community-form-languages = Languages
community-form-languages-hint = Language codes separated by commas or spaces, such as en, fr, pt-BR.
community-form-approval = Follow requests need a moderator's approval
community-form-posting = Who may start threads and reply
community-form-posting-followers = Every follower
community-form-posting-members = Only members chosen by the moderators
community-form-create = Create the community
community-form-save = Save

community-error-name = Give the community a name.
community-error-too-long = The name, description or rules are too long.
community-error-posting = Choose who may post.
community-error-language = Enter valid language codes such as en, fr or pt-BR (at most 24).
community-error-role = Choose the role: member or moderator.
community-error-moderator-local = Moderators must be members of this hub.
community-error-last-moderator = A community keeps at least one moderator.
community-error-banned = You are banned from this community.
community-error-members-only = Only members of this community may post here.
community-error-follow-first = Follow this community before you post in it.
thread-error-title = Give the thread a title.
thread-error-too-long = The title or the text is too long.
thread-error-locked = This thread is locked: no new replies.
moderation-error-reason = The reason is too long.
moderation-error-not-thread = Only whole threads can be locked or pinned.
moderation-error-ban-self = A community cannot ban itself.
moderation-error-ban-moderator = Moderators cannot be banned; remove their role first.
moderation-error-days = A ban lasts between 1 and 3650 days, or leave the field empty.

moderation-title = Moderation of { $name }
moderation-requests = Follow requests
moderation-requests-empty = No request waits.
moderation-accept = Accept
moderation-decline = Decline
moderation-people = Moderators and members
moderation-role-moderator = Moderator
moderation-role-member = Member
moderation-remove-role = Remove
moderation-people-empty = Nobody yet.
moderation-add-heading = Add someone
moderation-who = Handle
moderation-who-hint = @name for someone of this hub, @name@other.hub for someone elsewhere.
moderation-role = Role
moderation-add = Add
moderation-bans = Bans
moderation-bans-empty = Nobody is banned.
moderation-ban-until = until { $date }
moderation-ban-forever = with no end
moderation-unban = Lift the ban
moderation-ban-heading = Ban someone
moderation-reason = Reason
moderation-remove-posts = Also remove everything they posted here
moderation-days = Days
moderation-days-hint = Leave empty for a ban with no end.
moderation-ban = Ban
moderation-back = Back to the community

thread-in-community = In { $community }
thread-locked-note = This thread is locked: no new replies.
thread-removed = Removed by a moderator.
thread-muted = From an account you blocked or muted: show
thread-removed-badge = Removed
thread-deleted = Deleted.
thread-edited = (edited)
thread-likes =
    { $count ->
        [one] { $count } like
       *[other] { $count } likes
    }
thread-like = Like
thread-unlike = Unlike
thread-reply = Reply
thread-reply-label = Your reply
thread-reply-submit = Publish the reply
thread-edit = Edit
thread-delete = Delete
thread-delete-confirm = Delete for good
thread-remove = Remove
thread-restore = Restore
thread-lock = Lock
thread-unlock = Unlock
thread-pin = Pin
thread-unpin = Unpin
thread-ban-author = Ban the author
thread-moderator-tools = Moderator tools
thread-reason = Reason (optional)
thread-login-to-reply = Log in to reply
thread-replies-heading =
    { $count ->
        [0] No reply yet
        [one] { $count } reply
       *[other] { $count } replies
    }
thread-edit-title = Edit your post
thread-form-save = Save
thread-form-cancel = Cancel

flash-community-created = Community created. You are its moderator.
flash-community-saved = Community settings saved.
flash-thread-published = Your thread is published.
flash-followed-draft = You now follow this community. Your text is below, ready to send.
flash-follow-sent-draft = Follow request sent. Your text is kept below: send it once a moderator has accepted you.
flash-reply-published = Your reply is published.
flash-thread-saved = Your changes are saved.
flash-thread-deleted = Deleted.
flash-post-removed = Removed.
flash-post-restored = Restored.
flash-thread-locked = Thread locked.
flash-thread-unlocked = Thread unlocked.
flash-thread-pinned = Thread pinned.
flash-thread-unpinned = Thread unpinned.
flash-community-role-set = Role given.
flash-community-role-removed = Role removed.
flash-community-banned = Banned.
flash-community-unbanned = Ban lifted.
flash-community-request-accepted = Follow request accepted.
flash-community-request-declined = Follow request declined.
