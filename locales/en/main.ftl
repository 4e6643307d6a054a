# Tessera web interface, English.

## Layout

skip-to-content = Skip to main content
# A label before what it labels (French puts a narrow no-break space before the colon).
label-colon = { $label }:
table-scroll-label = Table (scrolls sideways)
nav-menu = Menu
nav-label = Main
nav-profile = My profile
nav-follow-requests = Follow requests
nav-follow-requests-count = Follow requests ({ $count })
nav-settings = Settings
nav-admin = Administration
nav-logout = Log out
nav-login = Log in
nav-signup = Sign up
footer-powered-by = Powered by
link-home = Back to the home page

## Search

search-title = Search
search-results-title = “{ $query }”: search
search-label = Search projects, organisations, communities, events, threads and people
search-hint = Words find what contains them, in any form (“garden” finds “Gardens”). An address such as @name@hub.example or a URL opens what it names, fetched from its hub.
search-placeholder = Search or paste an address
search-button = Search
search-kinds-label = Kinds of results
search-kind-all = All
search-kind-entries = Projects and organisations
search-kind-communities = Communities
search-kind-events = Events
search-kind-threads = Threads
search-kind-people = People
search-found =
    { $count ->
        [0] Nothing found for “{ $query }”.
        [one] One result for “{ $query }”.
       *[other] { $count } results for “{ $query }”.
    }
search-more =
    { $count ->
        [one] Show it
       *[other] Show all { $count }
    }
search-lookup-log-in = Log in to look up an address on another hub.
search-error-too-long = The search is too long: 200 characters at most.
search-error-kind = Choose a kind of result from the list.

## Home page

home-upcoming-heading = Upcoming events
home-all-events = All events
home-upcoming-empty = No events coming up.
home-threads-heading = Active threads
home-all-communities = All communities
home-thread-replies =
    { $count ->
        [0] no replies yet
        [one] one reply
       *[other] { $count } replies
    }
home-threads-empty = No threads yet.
home-peers-heading = Peer hubs
home-all-peers = The federation
home-peers-empty = This hub does not peer with other hubs yet.
home-newest-heading = New projects and organisations
home-all-entries = The directory
home-newest-empty = No projects or organisations yet.
home-members-count =
    { $count ->
        [one] one member
       *[other] { $count } members
    }
home-country = Country
home-languages = Languages
home-members = Members
home-welcome = Welcome, { $name }!
home-welcome-text = Your address is { $handle }. Find people on other hubs and on Mastodon and follow them.
home-join-heading = How to join
home-join-open = Anyone can create an account on this hub.
home-join-approval = You can ask for an account. An administrator reviews each request before the account can be used.
home-join-closed = Registrations are currently closed. If you work with this hub, please contact its administrator.
home-signup-link = Create an account
home-address-info = Accounts on this hub have addresses like @name@{ $domain }, which people on other servers can follow.
home-have-account = Already have an account?
home-login-link = Log in

## Forms

form-errors-count = { $count ->
    [one] There is a problem with this form:
   *[other] There are { $count } problems with this form:
}
form-errors-title-prefix = Error:

## Sign-up

signup-title = Create an account
signup-closed-text = Registrations are closed on this hub. Please contact its administrator if you need an account.
signup-approval-note = An administrator reviews each new account before it can be used.
signup-username = Username
signup-username-hint = 3 to 30 characters: lowercase letters a-z, digits 0-9 and underscores _. Your address will be @username@{ $domain }.
signup-password = Password
signup-password-hint = At least 10 characters.
signup-password-confirm = Repeat the password
signup-reason = Why do you want to join?
signup-reason-hint = An administrator reads this before approving your account. At most 1000 characters.
signup-submit = Create account
signup-have-account = Already have an account?
signup-login-link = Log in
signup-error-username-length = The username must be between 3 and 30 characters.
signup-error-username-chars = Use only lowercase letters a-z, digits and underscores.
signup-error-username-reserved = This username is reserved.
signup-error-username-taken = This username is already taken.
signup-error-password-short = The password must be at least 10 characters long.
signup-error-password-mismatch = The two passwords do not match.
signup-error-closed = Registrations are closed on this hub.
signup-error-reason-long = Please keep your reason under 1000 characters.
signup-done-title = Thank you for signing up
signup-done-pending = Your account awaits approval by an administrator. You can log in once it has been approved.
signup-done-ready = Your account has been created. You can now log in.
signup-done-login-link = Log in

## Login

login-title = Log in
login-username = Username
login-password = Password
login-submit = Log in
login-no-account = No account yet?
login-signup-link = Sign up
login-error-invalid = Wrong username or password.
login-error-pending = Your account is waiting for an administrator's approval.

## Profile

profile-locked = Approves followers manually
profile-locked-hint = This account approves each follower. Your request stays pending until they accept it.
profile-kind-group = Group
profile-kind-organization = Organisation
profile-kind-automated = Automated account
profile-follows-you = Follows you
profile-remote = On another server
profile-followers = Followers
profile-following = Following
profile-joined = Joined
profile-view-remote = View on their server
profile-edit = Edit profile
profile-follow = Follow
profile-request-follow = Request to follow
profile-request-sent = Follow request sent.
profile-cancel-request = Cancel request
profile-you-follow = You follow this account.
profile-unfollow = Unfollow
profile-login-to-follow = Log in to follow this account
profile-followers-heading = Followers ({ $count })
profile-following-heading = Following ({ $count })
profile-followers-empty = No followers yet.
profile-following-empty = Not following anyone yet.
profile-remote-lists-note = For accounts on other servers, only the followers and follows known to this hub are listed.

## Posts

compose-heading = New post
compose-label = Your post
compose-reply-label = Your reply
compose-hint = Plain text, at most { $max } characters. Leave a blank line between paragraphs.
compose-options = Content warning and language
compose-summary = Content warning (optional)
compose-summary-hint = When set, only this warning is shown at first; readers choose to reveal the text.
compose-language = Language (optional)
compose-language-hint = A language code such as en, fr or pt-BR.
compose-visibility = Visibility
compose-visibility-hint = Public: anyone can see it, and it is listed on your profile. Unlisted: anyone with the link can see it, but it is not listed. Followers only: only your followers see it.
compose-submit = Publish
compose-reply-submit = Reply
visibility-public = Public
visibility-unlisted = Unlisted
visibility-followers = Followers only
visibility-direct = Private mention
timeline-heading = Home timeline
timeline-newest = Back to the newest posts
timeline-older = Older posts
timeline-end = There are no older posts.
timeline-empty = Nothing here yet. Write your first post, or find people to follow with the search box above.
pager-label = Pages
post-title = Post by { $name }
post-edited = (edited)
post-in-reply-to = In reply to a post
post-show-content = Show content
post-sensitive-media = Sensitive attachments: show
post-attachments = Attachments
post-image = Image
post-image-described = Image: { $description }
post-attachment = Attachment
post-attachment-described = Attachment: { $description }
post-language = Language: { $language }
post-favourites =
    { $count ->
        [one] { $count } favourite
       *[other] { $count } favourites
    }
post-boosts =
    { $count ->
        [one] { $count } boost
       *[other] { $count } boosts
    }
post-favourite = Favourite
post-unfavourite = Remove favourite
post-boost = Boost
post-unboost = Undo boost
reaction-error-private = Only public and unlisted posts can be boosted.
post-reply = Reply
post-view-original = View original
post-delete = Delete
post-delete-confirm = Delete this post for good
post-replies-heading = Replies ({ $count })
post-replies-empty = No replies yet.
post-reply-heading = Reply
post-login-to-reply = Log in to reply
profile-posts-heading = Posts ({ $count })
profile-posts-newer = Newer posts
profile-posts-older = Older posts
profile-posts-empty = No public posts yet.
profile-remote-posts-note = For accounts on other servers, only the public posts this hub has received are listed.

## Follow requests

requests-title = Follow requests
requests-intro =
    { $count ->
        [one] One person wants to follow you.
       *[other] { $count } people want to follow you.
    }
requests-accept = Accept
requests-reject = Reject
requests-empty = No follow requests are waiting.

## Settings

settings-title = Settings
settings-address = Your address: { $handle }
settings-display-name = Display name
settings-display-name-hint = Shown instead of your username. At most 100 characters.
settings-summary = About you
settings-summary-hint = Plain text, at most 2000 characters.
settings-manual-approval = Approve followers manually
settings-manual-approval-hint = New followers must be accepted by you on the follow requests page.
settings-locale = Interface language
settings-locale-browser = Same as my browser
locale-en = English
locale-fr = Français
settings-submit = Save settings
settings-error-too-long = A field is too long.

## Administration

admin-title = Administration
admin-instance-heading = Instance settings
admin-name = Hub name
admin-description = Description
admin-description-hint = Shown on the home page. Plain text.
admin-registration-mode = Registrations
admin-mode-open = Open: anyone can sign up
admin-mode-approval = With approval: an administrator approves each sign-up
admin-mode-closed = Closed: no new accounts
admin-save = Save instance settings
admin-pending-heading = Pending sign-ups
admin-col-username = Username
admin-col-reason = Reason
admin-col-date = Requested on
admin-col-actions = Actions
admin-no-reason = No reason given
admin-approve = Approve
admin-reject = Reject
admin-pending-empty = No sign-ups are waiting for approval.

## Errors

error-title-not-found = Page not found
error-title-forbidden = Access denied
error-title-bad-request = Bad request
error-title-generic = Something went wrong
error-status = Error code: { $status }
error-not-found = The page or account was not found.
error-forbidden = You are not allowed to do that.
error-bad-request = The request was not understood.
error-unauthorized = Please log in first.
error-csrf = Your form expired. Please reload the page and try again.
error-internal = Something went wrong on our side. Please try again later.
error-conflict = That already exists.
error-rate-limited = Too many attempts. Please wait a moment.
error-remote = The other server could not be reached or sent something we could not read.
error-title-gone = No longer available
error-gone = This was deleted by its author.
error-post-empty = Write something before publishing.
error-post-too-long = The post or its content warning is too long.
error-post-visibility = Choose a visibility from the list.
error-post-language = Enter a valid language code such as en or pt-BR, or leave the field empty.
lookup-error-invalid = Enter an address like @name@hub.example or a profile URL.
lookup-error-not-found = Nothing was found at that address.

## Flash messages

flash-follow-sent = Follow request sent.
flash-followed = You now follow this account.
flash-unfollowed = You no longer follow this account.
flash-request-accepted = Follow request accepted.
flash-request-rejected = Follow request rejected.
flash-settings-saved = Settings saved.
flash-signup-approved = Sign-up approved.
flash-signup-rejected = Sign-up rejected.
flash-logged-out = You have logged out.
flash-instance-saved = Instance settings saved.
flash-post-published = Your post is published.
flash-post-deleted = Post deleted.

## Source code

source-title = Source code
source-license = Tessera is free software: you can use, study, share and modify it under the terms of the GNU Affero General Public License, version 3 or any later version (AGPL-3.0-or-later).
source-availability = The source code of the version running on this hub is available from its administrator and from the Tessera repository.
source-license-link = Read the licence (GNU AGPL)

## Delivery queue (admin)

admin-queue-heading = Outgoing deliveries
admin-queue-pending = Waiting
admin-queue-in-flight = Being sent
admin-queue-failed = Given up
admin-queue-hosts-caption = Servers we deliver to that had trouble
admin-queue-col-host = Server
admin-queue-col-failures = Failures in a row
admin-queue-col-state = State
admin-queue-col-error = Last error
admin-queue-state-ok = Working
admin-queue-state-paused = Paused after failures
admin-queue-state-unavailable = Unavailable
admin-queue-hosts-empty = No server has had delivery trouble.

## Projects and organisations

entry-kind-project = Project
entry-kind-organisation = Organisation
entry-status-badge = Status: { $status }
entry-size-badge = Size: { $size }
entry-invitation = You are invited to join as { $role }.
entry-invitation-accept = Accept
entry-invitation-decline = Decline
entry-followers =
    { $count ->
        [one] follower
       *[other] followers
    }
entry-login-to-follow = Log in to follow
entry-follow-hint = To follow from Mastodon or another fediverse server, search for { $handle } there.
entry-edit = Edit
entry-manage-team = Team
entry-manage-team-partners = Team and partners
entry-post-update = Post an update
entry-website = Website
entry-location = Location
entry-coordinates = Coordinates
entry-dates = Dates
entry-dates-range = { $start } to { $end }
entry-dates-from = Since { $start }
entry-dates-until = Until { $end }
entry-languages = Languages
entry-social-impact = Social impact
entry-beneficiaries = Who it helps
entry-tags-heading = Topics
entry-themes = Themes
entry-focus = Focus
entry-technologies = Technologies
entry-sdgs = Sustainable Development Goals
entry-expertise = Expertise
entry-needs = Needs
entry-partners-heading = Partner organisations
entry-partners-empty = No partner organisations yet.
entry-projects-heading = Projects
entry-projects-empty = No projects linked yet.
entry-team-heading = Team
entry-updates-heading = Updates ({ $count })
entry-updates-empty = No updates yet.
entry-update-title = Title (optional)
entry-update-content = Update
entry-update-content-hint = Markdown, at most { $max } characters.
entry-update-hint = The update is public: followers on other servers receive it. The language is a code such as en or fr (optional).
entry-update-submit = Publish update
entry-back = Back to { $name }

## Project and organisation forms

entry-form-new-project = New project
entry-form-new-organisation = New organisation
entry-form-new-project-intro = A project gets its own page and fediverse address that anyone can follow. You become its first administrator.
entry-form-new-organisation-intro = An organisation gets its own page and fediverse address that anyone can follow. You become its first administrator.
entry-form-edit-title = Edit { $name }
entry-form-basics = About
entry-form-handle = Address
entry-form-handle-hint = 3 to 30 characters: lowercase letters a-z, digits 0-9 and underscores _. The page will be /{ $segment }/address and the fediverse address @address@{ $domain }. It cannot be changed later.
entry-form-name = Name
entry-form-summary = Summary
entry-form-summary-hint = One or two sentences, plain text, at most { $max } characters.
entry-form-description = Description
entry-form-description-hint = Markdown: **bold**, *italics*, [links](https://example.org), lists and headings.
entry-form-status = Status
entry-form-not-set = Not set
entry-form-start-date = Start date
entry-form-end-date = End date
entry-form-org-type = Type of organisation
entry-form-org-size = Size
entry-form-org-size-hint = By number of staff.
entry-form-where = Where to find it
entry-form-country = Country
entry-form-region = Region or city
entry-form-latitude = Latitude (optional)
entry-form-longitude = Longitude (optional)
entry-form-coordinates-hint = Decimal degrees, for example 48.8566 and 2.3522. Fill in both or neither.
entry-form-languages-hint = Language codes separated by commas, for example en, fr, pt-BR.
entry-form-focus-hint = Which kinds of openness it works with.
entry-form-sdgs-hint = The UN goals it contributes to.
entry-form-impact = Impact
entry-form-social-impact-hint = What changes thanks to it. Plain text.
entry-form-beneficiaries-hint = The people or communities it works for. Plain text.
entry-form-exchange = What it offers and looks for
entry-form-tags-hint = Tags separated by commas, at most 20 in each field.
entry-form-suggested-tags = Common tags:
entry-form-save = Save changes
entry-form-create-project = Create project
entry-form-create-organisation = Create organisation
entry-form-cancel = Cancel
entry-delete-project-heading = Delete this project
entry-delete-organisation-heading = Delete this organisation
entry-delete-warning = Its page, team, links and updates are removed, and its followers on other servers are told it is gone. This cannot be undone.
entry-delete = Delete…
entry-delete-confirm = Delete { $name } for good
entry-error-too-long = A field is too long.
entry-error-unknown-code = Choose from the list.
entry-error-tag = Tags use letters and digits, at most 50 characters each.
entry-error-too-many-tags = At most 20 tags per field.
entry-error-name-required = Enter a name.
entry-error-website = Enter a web address starting with http:// or https://.
media-error-too-large = The image is too large.
media-error-type = Upload a PNG, JPEG, GIF or WebP image.
media-error-dimensions = The image must be at most 8000 pixels wide and high.
entry-error-country = Choose a country from the list.
entry-error-coordinates = Enter a latitude between -90 and 90 and a longitude between -180 and 180, or leave both empty.
entry-error-language = Enter language codes such as en, fr or pt-BR, separated by commas.
entry-error-dates = The end date must be a valid date on or after the start date.

## Members and partners

members-title = Team of { $name }
members-title-partners = Team and partners of { $name }
members-heading = Members ({ $count })
members-roles-hint = Administrators manage the team and can delete the page; editors edit it and post updates.
member-invited = Invited
member-you = You
member-role-of = Role of { $name }
member-change-role = Change role
member-remove = Remove…
member-remove-confirm = Remove { $name } from the team
member-withdraw = Withdraw invitation…
member-withdraw-confirm = Withdraw the invitation of { $name }
member-leave = Leave…
member-leave-confirm = Leave the team
members-invite-heading = Invite a member
members-invite-handle = Member of this hub
members-invite-handle-hint = Their username or address, such as @name or @name@{ $domain }. They accept the invitation from their home page.
members-role = Role
members-invite-submit = Invite
member-error-role = Choose a role from the list.
member-error-unknown = No active member of this hub has that username.
member-error-already = That person is already a member.
member-error-last-admin = The last administrator cannot leave or stop being an administrator. Make someone else an administrator first.
link-add-heading = Link an organisation
link-organisation = Organisation
link-organisation-hint = Its address, such as @name@hub.example, or the URL of its page, on this hub or another.
link-role = Role in the project
link-add-submit = Link organisation
link-remove = Remove…
link-remove-confirm = Remove the link to { $name }
link-error-role = Choose a role from the list.
link-error-not-organisation = That address is not an organisation.

## My projects and organisations (home page)

home-entries-heading = My projects and organisations
home-entries-empty = You are not part of any project or organisation yet.
home-entries-invited = Invitation:
home-new-project = New project
home-new-organisation = New organisation

## Controlled vocabularies

vocab-theme-migration-integration = Migration and integration
vocab-theme-food-environment-climate = Food, environment and climate
vocab-theme-health-care = Health and care
vocab-theme-skills-learning = Skills and learning
vocab-theme-digital-democracy = Digital democracy
vocab-theme-cities-urban-development = Cities and urban development
vocab-theme-work-employment = Work and employment
vocab-theme-culture-arts = Culture and arts
vocab-theme-science = Science
vocab-theme-finance-economy = Finance and economy
vocab-focus-open-data = Open data
vocab-focus-open-hardware = Open hardware
vocab-focus-open-networks = Open networks
vocab-focus-open-knowledge = Open knowledge
vocab-technology-open-source = Open source
vocab-technology-ai = Artificial intelligence
vocab-technology-p2p = Peer-to-peer
vocab-technology-crowdsourcing = Crowdsourcing
vocab-technology-iot = Internet of things
vocab-technology-blockchain = Blockchain
vocab-technology-open-data-platforms = Open data platforms
vocab-technology-digital-fabrication = Digital fabrication
vocab-technology-mobile-apps = Mobile apps
vocab-technology-online-platforms = Online platforms
vocab-technology-mapping-gis = Mapping and GIS
vocab-technology-immersive-media = Immersive media
vocab-sdg-1 = No poverty
vocab-sdg-2 = Zero hunger
vocab-sdg-3 = Good health and well-being
vocab-sdg-4 = Quality education
vocab-sdg-5 = Gender equality
vocab-sdg-6 = Clean water and sanitation
vocab-sdg-7 = Affordable and clean energy
vocab-sdg-8 = Decent work and economic growth
vocab-sdg-9 = Industry, innovation and infrastructure
vocab-sdg-10 = Reduced inequalities
vocab-sdg-11 = Sustainable cities and communities
vocab-sdg-12 = Responsible consumption and production
vocab-sdg-13 = Climate action
vocab-sdg-14 = Life below water
vocab-sdg-15 = Life on land
vocab-sdg-16 = Peace, justice and strong institutions
vocab-sdg-17 = Partnerships for the goals
vocab-status-idea = Idea
vocab-status-active = Active
vocab-status-scaling = Scaling up
vocab-status-completed = Completed
vocab-orgtype-public-authority = Public authority
vocab-orgtype-funder = Funder
vocab-orgtype-support-organisation = Support organisation
vocab-orgtype-social-economy-enterprise = Social economy enterprise
vocab-orgtype-ngo-association = NGO or association
vocab-orgtype-research = Research
vocab-orgtype-business = Business
vocab-orgtype-grassroots-network = Grassroots network
vocab-orgsize-micro = Micro (fewer than 10)
vocab-orgsize-small = Small (10 to 49)
vocab-orgsize-medium = Medium (50 to 249)
vocab-orgsize-large = Large (250 or more)
vocab-linkrole-lead = Lead
vocab-linkrole-partner = Partner
vocab-linkrole-funder = Funder
vocab-memberrole-admin = Administrator
vocab-memberrole-editor = Editor

## Flash messages (projects and organisations)

flash-entry-created = Created. Welcome to your new page.
flash-entry-saved = Changes saved.
flash-entry-deleted = Deleted.
flash-update-published = Your update is published.
flash-member-invited = Invitation sent. It appears on their home page.
flash-member-role-changed = Role changed.
flash-member-removed = Removed from the team.
flash-member-left = You have left the team.
flash-invitation-accepted = Welcome to the team.
flash-invitation-declined = Invitation declined.
flash-link-added = Organisation linked.
flash-link-removed = Link removed.
media-error-empty = Choose an image file to upload.
