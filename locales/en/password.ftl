# Changing one's password (/settings/password).
password-link = Change your password
password-title = Change your password
password-intro = Enter your current password, then the new one twice. You stay logged in here; your other sessions are logged out.
password-current = Current password
password-new = New password
password-confirm = New password again
password-submit = Change password
password-back = Back to your settings
password-error-current = The current password is not right.
flash-password-changed = Your password was changed. Other sessions were logged out.
