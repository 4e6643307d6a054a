# Invite links: the admin page /admin/invites, the sign-up form, refusals.
admin-mode-invite = By invitation (only with an invite link)
admin-invites-link = Invite links: make, follow and revoke them
home-join-invite = Joining is by invitation: ask the hub's team for an invite link.
invites-title = Invite links
invites-back = Back to the admin page
invites-mode-invite = Sign-up is by invitation: only people with an invite link can create an account.
invites-mode-approval = Sign-ups are approved by an admin; a person with an invite link is let in at once.
invites-mode-open = Sign-up is open to anyone: invite links are not needed at the moment.
invites-mode-closed = Sign-up is closed: invite links do not work until you choose "by invitation" or another mode on the admin page.
invites-new-heading = New invite link
invites-expires = Expires
invites-expires-days = { $days ->
    [one] after one day
   *[other] after { $days } days
}
invites-expires-never = Never
invites-max-uses = Can be used
invites-max-uses-n = { $count ->
    [one] once
   *[other] { $count } times
}
invites-max-uses-unlimited = Any number of times
invites-create = Create the link
invites-list-heading = Links made
invites-caption = Invite links, newest first
invites-col-link = Link
invites-col-created = Created
invites-col-expires = Expires
invites-col-uses = Used
invites-col-state = State
invites-col-actions = Actions
invites-revoke = Revoke
invites-empty = No invite links yet.
invites-uses-of = { $uses } of { $max }
invites-uses-unlimited = { $uses } (no limit)
invites-state-active = Active
invites-state-expired = Expired
invites-state-revoked = Revoked
invites-state-used-up = Used up
flash-invite-created = Invite link created: copy it from the list below.
flash-invite-revoked = Invite link revoked.
invite-error-expiry = Choose when the link expires from the list.
invite-error-max-uses = Choose how often the link can be used from the list.
invite-error-required = Sign-up is by invitation: enter the code of your invite link.
invite-error-unknown = This invite code is not known here. Check the link you were sent.
invite-error-expired = This invite link has expired. Ask whoever sent it for a new one.
invite-error-revoked = This invite link was withdrawn. Ask whoever sent it for a new one.
invite-error-used-up = This invite link has been used as many times as it allows. Ask whoever sent it for a new one.
signup-invite = Invite code
signup-invite-hint = The code at the end of your invite link, filled in when you open the link.
signup-invite-note = Sign-up here is by invitation: you need an invite link from the hub's team.
signup-invite-skips-approval = You are signing up with an invite link: your account is ready at once.
