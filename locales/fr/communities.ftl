## Communautés d’apprentissage entre pairs : la liste, la page d’une communauté, ses
## réglages et sa modération, les fils de discussion et leurs réponses imbriquées.

communities-nav = Communautés
communities-title = Communautés
communities-intro = Les communautés d’apprentissage entre pairs de ce hub et des hubs que ses membres suivent. Suivez-en une depuis Mastodon, Lemmy ou ici, puis lancez des discussions et répondez-vous.
communities-new = Créer une communauté
communities-filter-language = Langue
communities-filter-language-hint = Un code de langue comme fr, en ou pt-BR.
communities-filter-apply = Afficher
communities-filter-clear = Toutes les langues
communities-empty = Aucune communauté pour l’instant.
communities-empty-language = Aucune communauté n’utilise cette langue.
communities-followers =
    { $count ->
        [one] { $count } abonné·e
       *[other] { $count } abonné·e·s
    }
communities-threads =
    { $count ->
        [one] { $count } discussion
       *[other] { $count } discussions
    }
communities-languages = Langues : { $languages }
communities-remote = de { $host }

community-handle-hint = Suivez-la depuis Mastodon, Lemmy ou un autre hub : { $handle }
community-description = À propos
community-rules = Règles
community-languages = Langues
community-moderators = Modération
community-approval-required = Les demandes d’abonnement sont validées par la modération.
community-members-only = Seuls les membres choisis par la modération peuvent lancer des discussions et répondre.
community-follow = Suivre
community-unfollow = Ne plus suivre
community-cancel-request = Annuler la demande d’abonnement
community-request-pending = Votre demande d’abonnement attend la modération.
community-login-to-follow = Connectez-vous pour suivre et participer
community-login-to-post = Connectez-vous pour lancer une discussion
community-posting-follow = Seules les personnes qui suivent cette communauté peuvent y publier. Suivez-la d’abord : ce que vous avez écrit reste dans le formulaire.
community-posting-follow-button = Suivre cette communauté
community-feed = Flux Atom
community-settings = Réglages
community-moderation = Modération
community-threads-heading = Discussions
community-threads-total =
    { $count ->
        [one] { $count } discussion
       *[other] { $count } discussions
    }
community-threads-empty = Aucune discussion pour l’instant. Lancez la première.
community-filter-language = Discussions en
community-filter-all = Toutes les langues
community-filter-apply = Filtrer
community-pinned = Épinglée
community-locked = Verrouillée
community-replies =
    { $count ->
        [one] { $count } réponse
       *[other] { $count } réponses
    }
community-by = par { $name }
community-from-hub = de { $host }
community-pagination = Pages
community-previous = Discussions plus récentes
community-next = Discussions plus anciennes
community-page-of = Page { $page } sur { $pages }
community-compose-heading = Lancer une discussion
community-compose-title = Titre
community-compose-text = Texte
community-compose-text-hint = Markdown : **gras**, *italique*, [liens](https://example.org), listes. Les #mots-clés et les @mentions fonctionnent.
community-compose-language = Langue
community-compose-language-hint = Un code de langue comme fr, en ou pt-BR.
community-compose-submit = Publier la discussion
community-you-moderate = Vous modérez cette communauté.

community-form-new-title = Créer une communauté
community-form-edit-title = Réglages de { $name }
community-form-intro = Une communauté accueille des discussions et des réponses imbriquées, suivies d’ici, de Mastodon ou de Lemmy. Vous en devenez le premier modérateur ou la première modératrice.
community-form-handle = Identifiant
community-form-handle-hint = Lettres, chiffres et tirets bas ; il ne pourra plus changer. On suit @identifiant@{ $domain }.
community-form-name = Nom
community-form-description = Description
community-form-description-hint = Markdown. Le sujet de la communauté, affiché sur sa page et dans les autres applications.
community-form-rules = Règles
community-form-rules-hint = Markdown. Comment les membres se traitent.
community-form-languages = Langues
community-form-languages-hint = Codes de langue séparés par des virgules ou des espaces, comme fr, en, pt-BR.
community-form-approval = Les demandes d’abonnement doivent être validées par la modération
community-form-posting = Qui peut lancer des discussions et répondre
community-form-posting-followers = Tous les abonné·e·s
community-form-posting-members = Seuls les membres choisis par la modération
community-form-create = Créer la communauté
community-form-save = Enregistrer

community-error-name = Donnez un nom à la communauté.
community-error-too-long = Le nom, la description ou les règles sont trop longs.
community-error-posting = Choisissez qui peut publier.
community-error-language = Saisissez des codes de langue valides comme fr, en ou pt-BR (24 au plus).
community-error-role = Choisissez le rôle : membre ou modération.
community-error-moderator-local = La modération est réservée aux membres de ce hub.
community-error-last-moderator = Une communauté garde au moins une personne à la modération.
community-error-banned = Vous êtes banni·e de cette communauté.
community-error-members-only = Seuls les membres de cette communauté peuvent y publier.
community-error-follow-first = Suivez cette communauté avant d’y publier.
thread-error-title = Donnez un titre à la discussion.
thread-error-too-long = Le titre ou le texte est trop long.
thread-error-locked = Cette discussion est verrouillée : plus de nouvelles réponses.
moderation-error-reason = La raison est trop longue.
moderation-error-not-thread = Seules des discussions entières peuvent être verrouillées ou épinglées.
moderation-error-ban-self = Une communauté ne peut pas se bannir elle-même.
moderation-error-ban-moderator = La modération ne peut pas être bannie ; retirez d’abord son rôle.
moderation-error-days = Un bannissement dure de 1 à 3650 jours, ou laissez le champ vide.

moderation-title = Modération de { $name }
moderation-requests = Demandes d’abonnement
moderation-requests-empty = Aucune demande en attente.
moderation-accept = Accepter
moderation-decline = Refuser
moderation-people = Modération et membres
moderation-role-moderator = Modération
moderation-role-member = Membre
moderation-remove-role = Retirer
moderation-people-empty = Personne pour l’instant.
moderation-add-heading = Ajouter quelqu’un
moderation-who = Identifiant
moderation-who-hint = @nom pour quelqu’un de ce hub, @nom@autre.hub pour quelqu’un d’ailleurs.
moderation-role = Rôle
moderation-add = Ajouter
moderation-bans = Bannissements
moderation-bans-empty = Personne n’est banni.
moderation-ban-until = jusqu’au { $date }
moderation-ban-forever = sans fin
moderation-unban = Lever le bannissement
moderation-ban-heading = Bannir quelqu’un
moderation-reason = Raison
moderation-remove-posts = Retirer aussi tout ce que la personne a publié ici
moderation-days = Jours
moderation-days-hint = Laissez vide pour un bannissement sans fin.
moderation-ban = Bannir
moderation-back = Retour à la communauté

thread-in-community = Dans { $community }
thread-locked-note = Cette discussion est verrouillée : plus de nouvelles réponses.
thread-removed = Retiré par la modération.
thread-muted = D’un compte que vous avez bloqué ou masqué : afficher
thread-removed-badge = Retiré
thread-deleted = Supprimé.
thread-edited = (modifié)
thread-likes =
    { $count ->
        [one] { $count } j’aime
       *[other] { $count } j’aime
    }
thread-like = J’aime
thread-unlike = Je n’aime plus
thread-reply = Répondre
thread-reply-label = Votre réponse
thread-reply-submit = Publier la réponse
thread-edit = Modifier
thread-delete = Supprimer
thread-delete-confirm = Supprimer définitivement
thread-remove = Retirer
thread-restore = Rétablir
thread-lock = Verrouiller
thread-unlock = Déverrouiller
thread-pin = Épingler
thread-unpin = Désépingler
thread-ban-author = Bannir l’auteur·ice
thread-moderator-tools = Outils de modération
thread-reason = Raison (facultative)
thread-login-to-reply = Connectez-vous pour répondre
thread-replies-heading =
    { $count ->
        [0] Aucune réponse pour l’instant
        [one] { $count } réponse
       *[other] { $count } réponses
    }
thread-edit-title = Modifier votre publication
thread-form-save = Enregistrer
thread-form-cancel = Annuler

flash-community-created = Communauté créée. Vous en assurez la modération.
flash-community-saved = Réglages de la communauté enregistrés.
flash-thread-published = Votre discussion est publiée.
flash-followed-draft = Vous suivez maintenant cette communauté. Votre texte est ci-dessous, prêt à être envoyé.
flash-follow-sent-draft = Demande d’abonnement envoyée. Votre texte est conservé ci-dessous : envoyez-le quand la modération vous aura accepté.
flash-reply-published = Votre réponse est publiée.
flash-thread-saved = Vos modifications sont enregistrées.
flash-thread-deleted = Supprimé.
flash-post-removed = Retiré.
flash-post-restored = Rétabli.
flash-thread-locked = Discussion verrouillée.
flash-thread-unlocked = Discussion déverrouillée.
flash-thread-pinned = Discussion épinglée.
flash-thread-unpinned = Discussion désépinglée.
flash-community-role-set = Rôle attribué.
flash-community-role-removed = Rôle retiré.
flash-community-banned = Banni·e.
flash-community-unbanned = Bannissement levé.
flash-community-request-accepted = Demande d’abonnement acceptée.
flash-community-request-declined = Demande d’abonnement refusée.
