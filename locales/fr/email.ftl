# Courriels (services/emails.rs) et pages sur les adresses et la réinitialisation du mot de passe.

email-footer = Envoyé par { $hub }. Vous recevez ce message à cause de votre compte ou d’un signalement sur ce hub.

email-verify-subject = Confirmez votre adresse électronique sur { $hub }
email-verify-body =
    Bonjour { $username },

    Merci de confirmer que cette adresse est la vôtre. Une fois confirmée, { $hub } y envoie un lien si vous oubliez votre mot de passe, et les avis que vous choisissez.

    Si vous n’avez rien demandé, ignorez ce message : rien ne change.
email-verify-action = Confirmer l’adresse

email-changed-subject = Votre adresse électronique sur { $hub } a changé
email-changed-body =
    Bonjour { $username },

    Votre compte sur { $hub } utilise désormais une autre adresse. Les messages n’arrivent plus ici.

    Si vous n’êtes pas à l’origine de ce changement, écrivez tout de suite aux administrateurs du hub.

email-reset-subject = Choisissez un nouveau mot de passe sur { $hub }
email-reset-body =
    Bonjour { $username },

    Quelqu’un (vous, nous l’espérons) a demandé à réinitialiser le mot de passe de votre compte sur { $hub }. Le lien ci-dessous fonctionne une fois, pendant { $hours } heures.

    Si vous n’avez rien demandé, ignorez ce message : votre mot de passe ne change pas.
email-reset-action = Choisir un nouveau mot de passe

email-password-changed-subject = Votre mot de passe sur { $hub } a changé
email-password-changed-body =
    Bonjour { $username },

    Le mot de passe de votre compte sur { $hub } vient d’être changé, et vos autres sessions ont pris fin.

    Si ce n’est pas vous, réinitialisez votre mot de passe maintenant et prévenez les administrateurs du hub.
email-password-changed-action = Réinitialiser votre mot de passe

email-report-decided-subject = Votre signalement { $id } sur { $hub } a été traité
email-report-decided-body =
    Merci pour votre signalement { $id }. La modération de { $hub } a décidé : { $decision }.

    Ses motifs : { $reason }
email-report-decided-action = Le journal public de modération

email-moderation-decision-subject = Une décision de modération concernant votre compte sur { $hub }
email-moderation-decision-body =
    Bonjour { $username },

    La modération de { $hub } a pris une décision sur votre compte ou son contenu : { $decision }.

    Ses motifs : { $reason }

    Votre page de modération liste toutes les décisions concernant votre compte.
email-moderation-decision-action = Votre page de modération

# Pages
email-settings-title = Adresse électronique
email-settings-link = Adresse électronique
email-current = Votre adresse
email-none = Pas encore d’adresse confirmée. Sans elle, un mot de passe oublié ne peut pas être réinitialisé.
email-pending = En attente de confirmation : { $address }. Suivez le lien envoyé à cette adresse.
email-new = Nouvelle adresse
email-new-hint = Nous y envoyons un lien ; l’adresse devient la vôtre quand vous le suivez.
email-password = Votre mot de passe actuel
email-save = Envoyer le lien de confirmation
flash-email-sent = Un lien de confirmation est en route. Suivez-le pour utiliser la nouvelle adresse.
flash-email-verified = Votre adresse électronique est confirmée.
email-error-address = Saisissez une adresse électronique comme nom@exemple.org.
email-error-taken = Un autre compte utilise cette adresse.
email-error-same = C’est déjà votre adresse.
email-error-link = Ce lien n’est plus valable : il a servi, un plus récent l’a remplacé, ou il a expiré.
email-link-title = Lien non valable
email-link-again = Demander un nouveau lien

reset-title = Mot de passe oublié ?
reset-intro = Indiquez votre nom d’utilisateur ou votre adresse électronique confirmée. Si le compte a une adresse confirmée, un lien pour choisir un nouveau mot de passe y est envoyé.
reset-who = Nom d’utilisateur ou adresse électronique
reset-send = Envoyer le lien
reset-sent-title = Consultez vos courriels
reset-sent = Si ce compte a une adresse confirmée, un lien est en route. Il fonctionne une fois, pendant { $hours } heures.
reset-error-who = Saisissez votre nom d’utilisateur ou votre adresse électronique.
reset-new-title = Choisir un nouveau mot de passe
reset-save = Enregistrer le nouveau mot de passe
flash-password-reset = Votre mot de passe a changé. Connectez-vous avec.
login-forgot = Mot de passe oublié ?
signup-email = Adresse électronique (facultative)
signup-email-hint = Pour réinitialiser un mot de passe oublié. Nous envoyons un lien pour la confirmer.

# Notifications (services/notifications.rs, web/notifications.rs)
nav-notifications = Notifications
nav-notifications-count = Notifications ({ $count })
notifications-title = Notifications
notifications-empty = Rien pour l’instant. Vous êtes prévenu·e ici quand quelqu’un vous suit, vous mentionne, répond à vos messages ou les aime, demande à participer à vos événements ou vous accepte aux siens.
notifications-older = Notifications plus anciennes
notifications-settings-link = Choisir ce dont vous êtes prévenu·e, et comment
notification-follow = { $who } vous suit
notification-follow_request = { $who } demande à vous suivre
notification-follow_request-entry = { $who } demande à suivre { $target }
notification-mention = { $who } vous a mentionné·e
notification-reply = { $who } vous a répondu
notification-like = { $who } a aimé votre message
notification-boost = { $who } a partagé votre message
notification-participation_request = { $who } demande à participer à { $title }
notification-participation_accepted = Vous êtes accepté·e à { $title }
notification-participation_promoted = Une place s’est libérée : vous participez à { $title }
notification-event_changed = { $title }, un événement auquel vous participez, a changé
notification-event_cancelled = { $title }, un événement auquel vous participez, est annulé
notification-invitation = Vous êtes invité·e à rejoindre { $who }
notification-needs_match = { $who } propose l’expertise dont votre organisation a besoin
notification-report_decided = La modération a statué sur votre signalement
notification-settings-title = Notifications
notification-settings-intro = Pour chaque type : s’il s’affiche ici (dans le compteur de votre menu et sur la page des notifications), et s’il vous est envoyé par courriel tout de suite ou regroupé dans un message quotidien ou hebdomadaire.
notification-settings-no-email = Les courriels demandent une adresse confirmée.
notification-settings-kind = Ce qui s’est passé
notification-settings-web = Afficher sur le hub
notification-settings-email = Courriel
notification-settings-save = Enregistrer
notification-kind-follow = Un nouvel abonné
notification-kind-follow_request = Une demande d’abonnement
notification-kind-mention = Une mention
notification-kind-reply = Une réponse à votre message ou fil
notification-kind-like = Un « j’aime »
notification-kind-boost = Un partage
notification-kind-participation_request = Une demande de participation à votre événement
notification-kind-participation_accepted = Accepté·e à un événement
notification-kind-participation_promoted = Une place libérée sur une liste d’attente
notification-kind-event_changed = Un changement d’un événement auquel vous participez
notification-kind-event_cancelled = L’annulation d’un événement auquel vous participez
notification-kind-invitation = Une invitation à un projet ou une organisation
notification-kind-needs_match = Une organisation qui répond aux besoins de la vôtre
notification-kind-report_decided = Une décision sur votre signalement
notification-email-off = Jamais
notification-email-instant = Tout de suite
notification-email-daily = Résumé quotidien
notification-email-weekly = Résumé hebdomadaire
flash-notifications-saved = Vos choix de notifications sont enregistrés.
email-notification-subject = { $what }
email-notification-body =
    Bonjour { $username },

    { $what }.
email-notification-action = Ouvrir
email-digest-daily-subject = { $count } notifications sur { $hub } aujourd’hui
email-digest-daily-body =
    Bonjour { $username },

    Ce qui s’est passé sur { $hub } depuis votre dernier résumé :

    { $list }
email-digest-daily-action = Toutes vos notifications
email-digest-weekly-subject = { $count } notifications sur { $hub } cette semaine
email-digest-weekly-body =
    Bonjour { $username },

    Ce qui s’est passé sur { $hub } depuis votre dernier résumé :

    { $list }
email-digest-weekly-action = Toutes vos notifications
