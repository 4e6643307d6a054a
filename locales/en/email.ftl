# E-mail messages (services/emails.rs) and the pages about addresses and password resets.

email-footer = Sent by { $hub }. You receive this message because of your account or a report there.

email-verify-subject = Confirm your e-mail address on { $hub }
email-verify-body =
    Hello { $username },

    Please confirm that this address is yours. Once confirmed, it is where { $hub } sends a link when you forget your password, and the notices you choose.

    If you did not ask for this, ignore this message: nothing changes.
email-verify-action = Confirm the address

email-changed-subject = Your e-mail address on { $hub } changed
email-changed-body =
    Hello { $username },

    Your account on { $hub } now uses another e-mail address. Messages no longer come here.

    If you did not make this change, write to the hub's admins at once.

email-reset-subject = Choose a new password on { $hub }
email-reset-body =
    Hello { $username },

    Someone (we hope you) asked to reset the password of your account on { $hub }. The link below works once, for { $hours } hours.

    If you did not ask for it, ignore this message: your password stays as it is.
email-reset-action = Choose a new password

email-password-changed-subject = Your password on { $hub } changed
email-password-changed-body =
    Hello { $username },

    The password of your account on { $hub } was just changed, and your other sessions ended.

    If you did not do this, reset your password now and tell the hub's admins.
email-password-changed-action = Reset your password

email-report-decided-subject = Your report { $id } on { $hub } was decided
email-report-decided-body =
    Thank you for your report { $id }. The moderators of { $hub } decided: { $decision }.

    Their reasons: { $reason }
email-report-decided-action = The public moderation log

email-moderation-decision-subject = A moderation decision about your account on { $hub }
email-moderation-decision-body =
    Hello { $username },

    The moderators of { $hub } decided about your account or its content: { $decision }.

    Their reasons: { $reason }

    Your moderation page lists every decision about your account.
email-moderation-decision-action = Your moderation page

# Pages
email-settings-title = E-mail address
email-settings-link = E-mail address
email-current = Your address
email-none = No confirmed address yet. Without one, a forgotten password cannot be reset.
email-pending = Waiting for confirmation: { $address }. Follow the link sent there.
email-new = New address
email-new-hint = We send a link there; the address becomes yours when you follow it.
email-password = Your current password
email-save = Send the confirmation link
flash-email-sent = A confirmation link is on its way. Follow it to use the new address.
flash-email-verified = Your e-mail address is confirmed.
email-error-address = Enter an e-mail address such as name@example.org.
email-error-taken = Another account uses this address.
email-error-same = This is already your address.
email-error-link = This link is no longer valid: it was used, replaced by a newer one, or expired.
email-link-title = Link not valid
email-link-again = Ask for a new link

reset-title = Forgot your password?
reset-intro = Give your user name or your confirmed e-mail address. If the account has a confirmed address, a link to choose a new password goes there.
reset-who = User name or e-mail address
reset-send = Send the link
reset-sent-title = Check your e-mail
reset-sent = If this account has a confirmed address, a link is on its way. It works once, for { $hours } hours.
reset-error-who = Enter your user name or e-mail address.
reset-new-title = Choose a new password
reset-save = Save the new password
flash-password-reset = Your password is changed. Log in with it.
login-forgot = Forgot your password?
signup-email = E-mail address (optional)
signup-email-hint = To reset a forgotten password. We send a link to confirm it.

# Notifications (services/notifications.rs, web/notifications.rs)
nav-notifications = Notifications
nav-notifications-count = Notifications ({ $count })
notifications-title = Notifications
notifications-empty = Nothing yet. You are told here when someone follows you, mentions you, answers or likes your posts, asks to join your events or accepts you at theirs.
notifications-older = Older notifications
notifications-settings-link = Choose what you are told, and how
notification-follow = { $who } follows you
notification-follow_request = { $who } asks to follow you
notification-follow_request-entry = { $who } asks to follow { $target }
notification-mention = { $who } mentioned you
notification-reply = { $who } replied to you
notification-like = { $who } liked your post
notification-boost = { $who } boosted your post
notification-participation_request = { $who } asks to join { $title }
notification-participation_accepted = You are accepted at { $title }
notification-participation_promoted = A place opened up: you take part in { $title }
notification-event_changed = { $title }, an event you take part in, changed
notification-event_cancelled = { $title }, an event you take part in, was cancelled
notification-invitation = You are invited to join { $who }
notification-needs_match = { $who } offers expertise your organisation needs
notification-report_decided = The moderators decided on your report
notification-settings-title = Notifications
notification-settings-intro = For each kind: whether it shows here (in your menu's count and on the notifications page), and whether it is e-mailed to you at once or gathered in a daily or weekly message.
notification-settings-no-email = E-mail needs a confirmed address.
notification-settings-kind = What happened
notification-settings-web = Show on the hub
notification-settings-email = E-mail
notification-settings-save = Save
notification-kind-follow = A new follower
notification-kind-follow_request = A follow request
notification-kind-mention = A mention
notification-kind-reply = A reply to your post or thread
notification-kind-like = A like
notification-kind-boost = A boost
notification-kind-participation_request = A request to join your event
notification-kind-participation_accepted = Accepted at an event
notification-kind-participation_promoted = A place from an event's waiting list
notification-kind-event_changed = A change to an event you take part in
notification-kind-event_cancelled = A cancelled event you take part in
notification-kind-invitation = An invitation to a project or organisation
notification-kind-needs_match = An organisation that covers your organisation's needs
notification-kind-report_decided = A decision on your report
notification-email-off = Never
notification-email-instant = At once
notification-email-daily = Daily digest
notification-email-weekly = Weekly digest
flash-notifications-saved = Your notification choices are saved.
email-notification-subject = { $what }
email-notification-body =
    Hello { $username },

    { $what }.
email-notification-action = Open it
email-digest-daily-subject = { $count } notifications on { $hub } today
email-digest-daily-body =
    Hello { $username },

    What happened on { $hub } since your last digest:

    { $list }
email-digest-daily-action = All your notifications
email-digest-weekly-subject = { $count } notifications on { $hub } this week
email-digest-weekly-body =
    Hello { $username },

    What happened on { $hub } since your last digest:

    { $list }
email-digest-weekly-action = All your notifications
