# Changer son mot de passe (/settings/password).
password-link = Changer de mot de passe
password-title = Changer de mot de passe
password-intro = Saisissez votre mot de passe actuel, puis deux fois le nouveau. Vous restez connecté ici ; vos autres sessions sont déconnectées.
password-current = Mot de passe actuel
password-new = Nouveau mot de passe
password-confirm = Nouveau mot de passe, à nouveau
password-submit = Changer le mot de passe
password-back = Retour à vos paramètres
password-error-current = Le mot de passe actuel n’est pas le bon.
flash-password-changed = Votre mot de passe a été changé. Les autres sessions ont été déconnectées.
