# Interface web de Tessera, français.

## Mise en page

skip-to-content = Aller au contenu principal
nav-label = Principal
nav-profile = Mon profil
nav-follow-requests = Demandes d’abonnement
nav-follow-requests-count = Demandes d’abonnement ({ $count })
nav-settings = Paramètres
nav-admin = Administration
nav-logout = Se déconnecter
nav-login = Se connecter
nav-signup = S’inscrire
footer-powered-by = Propulsé par
link-home = Retour à l’accueil

## Recherche

search-label = Trouver des personnes par @nom@domaine ou par URL
search-hint = Par exemple @nom@hub.example ou https://mastodon.example/@nom
search-placeholder = @nom@hub.example
search-button = Rechercher
lookup-title = Trouver des personnes

## Accueil

home-country = Pays
home-languages = Langues
home-members = Membres
home-welcome = Bienvenue, { $name } !
home-welcome-text = Votre adresse est { $handle }. Trouvez des personnes sur d’autres hubs et sur Mastodon pour les suivre.
home-join-heading = Comment nous rejoindre
home-join-open = Tout le monde peut créer un compte sur ce hub.
home-join-approval = Vous pouvez demander un compte. Un administrateur examine chaque demande avant que le compte puisse être utilisé.
home-join-closed = Les inscriptions sont actuellement fermées. Si vous travaillez avec ce hub, contactez son administrateur.
home-signup-link = Créer un compte
home-address-info = Les comptes de ce hub ont des adresses comme @nom@{ $domain }, auxquelles on peut s’abonner depuis d’autres serveurs.
home-have-account = Vous avez déjà un compte ?
home-login-link = Se connecter

## Formulaires

form-errors-heading = Veuillez corriger les points suivants :

## Inscription

signup-title = Créer un compte
signup-closed-text = Les inscriptions sont fermées sur ce hub. Contactez son administrateur si vous avez besoin d’un compte.
signup-approval-note = Un administrateur examine chaque nouveau compte avant qu’il puisse être utilisé.
signup-username = Nom d’utilisateur
signup-username-hint = De 3 à 30 caractères : lettres minuscules a-z, chiffres 0-9 et tirets bas _. Votre adresse sera @nom_utilisateur@{ $domain }.
signup-password = Mot de passe
signup-password-hint = Au moins 10 caractères.
signup-password-confirm = Répétez le mot de passe
signup-reason = Pourquoi souhaitez-vous nous rejoindre ?
signup-reason-hint = Un administrateur lit ce texte avant d’approuver votre compte. 1 000 caractères au maximum.
signup-submit = Créer le compte
signup-have-account = Vous avez déjà un compte ?
signup-login-link = Se connecter
signup-error-username-length = Le nom d’utilisateur doit comporter entre 3 et 30 caractères.
signup-error-username-chars = Utilisez uniquement des lettres minuscules a-z, des chiffres et des tirets bas.
signup-error-username-reserved = Ce nom d’utilisateur est réservé.
signup-error-username-taken = Ce nom d’utilisateur est déjà pris.
signup-error-password-short = Le mot de passe doit comporter au moins 10 caractères.
signup-error-password-mismatch = Les deux mots de passe ne correspondent pas.
signup-error-closed = Les inscriptions sont fermées sur ce hub.
signup-error-reason-long = Votre motivation ne doit pas dépasser 1 000 caractères.
signup-done-title = Merci pour votre inscription
signup-done-pending = Votre compte attend l’approbation d’un administrateur. Vous pourrez vous connecter dès qu’il aura été approuvé.
signup-done-ready = Votre compte a été créé. Vous pouvez maintenant vous connecter.
signup-done-login-link = Se connecter

## Connexion

login-title = Connexion
login-username = Nom d’utilisateur
login-password = Mot de passe
login-submit = Se connecter
login-no-account = Pas encore de compte ?
login-signup-link = S’inscrire
login-error-invalid = Nom d’utilisateur ou mot de passe incorrect.
login-error-pending = Votre compte attend l’approbation d’un administrateur.

## Profil

profile-locked = Approuve ses abonnés manuellement
profile-locked-hint = Ce compte approuve chaque abonné. Votre demande restera en attente jusqu’à ce qu’elle soit acceptée.
profile-kind-group = Groupe
profile-kind-organization = Organisation
profile-kind-automated = Compte automatisé
profile-follows-you = Vous suit
profile-remote = Sur un autre serveur
profile-followers = Abonnés
profile-following = Abonnements
profile-joined = Membre depuis
profile-view-remote = Voir sur son serveur
profile-edit = Modifier le profil
profile-follow = Suivre
profile-request-follow = Demander à suivre
profile-request-sent = Demande d’abonnement envoyée.
profile-cancel-request = Annuler la demande
profile-you-follow = Vous suivez ce compte.
profile-unfollow = Ne plus suivre
profile-login-to-follow = Connectez-vous pour suivre ce compte
profile-followers-heading = Abonnés ({ $count })
profile-following-heading = Abonnements ({ $count })
profile-followers-empty = Aucun abonné pour l’instant.
profile-following-empty = Aucun abonnement pour l’instant.
profile-remote-lists-note = Pour les comptes d’autres serveurs, seuls les abonnés et abonnements connus de ce hub sont affichés.

## Publications

compose-heading = Nouvelle publication
compose-label = Votre publication
compose-reply-label = Votre réponse
compose-hint = Texte brut, { $max } caractères au maximum. Laissez une ligne vide entre les paragraphes.
compose-options = Avertissement de contenu et langue
compose-summary = Avertissement de contenu (facultatif)
compose-summary-hint = S’il est renseigné, seul cet avertissement s’affiche d’abord ; les lecteurs choisissent d’afficher le texte.
compose-language = Langue (facultatif)
compose-language-hint = Un code de langue comme fr, en ou pt-BR.
compose-visibility = Visibilité
compose-visibility-hint = Public : visible par tout le monde et affiché sur votre profil. Non listé : visible par quiconque a le lien, mais absent de votre profil. Abonnés seulement : visible uniquement par vos abonnés.
compose-submit = Publier
compose-reply-submit = Répondre
visibility-public = Public
visibility-unlisted = Non listé
visibility-followers = Abonnés seulement
visibility-direct = Mention privée
timeline-heading = Fil d’accueil
timeline-newest = Revenir aux publications les plus récentes
timeline-older = Publications plus anciennes
timeline-end = Il n’y a pas de publication plus ancienne.
timeline-empty = Rien à afficher pour l’instant. Écrivez votre première publication ou trouvez des personnes à suivre grâce à la recherche ci-dessus.
pager-label = Pages
post-title = Publication par { $name }
post-edited = (modifiée)
post-in-reply-to = En réponse à une publication
post-show-content = Afficher le contenu
post-sensitive-media = Pièces jointes sensibles : afficher
post-attachments = Pièces jointes
post-image = Image
post-image-described = Image : { $description }
post-attachment = Pièce jointe
post-attachment-described = Pièce jointe : { $description }
post-language = Langue : { $language }
post-reply = Répondre
post-view-original = Voir l’original
post-delete = Supprimer
post-delete-confirm = Supprimer définitivement cette publication
post-replies-heading = Réponses ({ $count })
post-replies-empty = Aucune réponse pour l’instant.
post-reply-heading = Répondre
post-login-to-reply = Connectez-vous pour répondre
profile-posts-heading = Publications ({ $count })
profile-posts-newer = Publications plus récentes
profile-posts-older = Publications plus anciennes
profile-posts-empty = Aucune publication publique pour l’instant.
profile-remote-posts-note = Pour les comptes d’autres serveurs, seules les publications publiques reçues par ce hub sont affichées.

## Demandes d’abonnement

requests-title = Demandes d’abonnement
requests-intro =
    { $count ->
        [one] Une personne souhaite vous suivre.
       *[other] { $count } personnes souhaitent vous suivre.
    }
requests-accept = Accepter
requests-reject = Refuser
requests-empty = Aucune demande d’abonnement en attente.

## Paramètres

settings-title = Paramètres
settings-address = Votre adresse : { $handle }
settings-display-name = Nom affiché
settings-display-name-hint = Affiché à la place de votre nom d’utilisateur. 100 caractères au maximum.
settings-summary = À propos de vous
settings-summary-hint = Texte brut, 2 000 caractères au maximum.
settings-manual-approval = Approuver les abonnés manuellement
settings-manual-approval-hint = Les nouveaux abonnés doivent être acceptés par vous sur la page des demandes d’abonnement.
settings-locale = Langue de l’interface
settings-locale-browser = Celle de mon navigateur
locale-en = English
locale-fr = Français
settings-submit = Enregistrer les paramètres
settings-error-too-long = Un champ est trop long.

## Administration

admin-title = Administration
admin-instance-heading = Paramètres de l’instance
admin-name = Nom du hub
admin-description = Description
admin-description-hint = Affichée sur la page d’accueil. Texte brut.
admin-registration-mode = Inscriptions
admin-mode-open = Ouvertes : tout le monde peut s’inscrire
admin-mode-approval = Sur approbation : un administrateur valide chaque inscription
admin-mode-closed = Fermées : aucun nouveau compte
admin-save = Enregistrer les paramètres de l’instance
admin-pending-heading = Inscriptions en attente
admin-col-username = Nom d’utilisateur
admin-col-reason = Motivation
admin-col-date = Demandée le
admin-col-actions = Actions
admin-no-reason = Aucune motivation indiquée
admin-approve = Approuver
admin-reject = Refuser
admin-pending-empty = Aucune inscription n’attend d’approbation.

## Erreurs

error-title-not-found = Page introuvable
error-title-forbidden = Accès refusé
error-title-bad-request = Requête incorrecte
error-title-generic = Une erreur est survenue
error-status = Code d’erreur : { $status }
error-not-found = La page ou le compte est introuvable.
error-forbidden = Cette action ne vous est pas autorisée.
error-bad-request = La requête n’a pas été comprise.
error-unauthorized = Veuillez d’abord vous connecter.
error-csrf = Votre formulaire a expiré. Veuillez recharger la page et réessayer.
error-internal = Une erreur est survenue de notre côté. Veuillez réessayer plus tard.
error-conflict = Cet élément existe déjà.
error-rate-limited = Trop de tentatives. Veuillez patienter un instant.
error-remote = L’autre serveur est injoignable ou a envoyé une réponse illisible.
error-title-gone = Plus disponible
error-gone = Ce contenu a été supprimé par son auteur.
error-post-empty = Écrivez quelque chose avant de publier.
error-post-too-long = La publication ou son avertissement de contenu est trop long.
error-post-visibility = Choisissez une visibilité dans la liste.
error-post-language = Saisissez un code de langue valide, comme fr ou pt-BR, ou laissez le champ vide.
lookup-error-invalid = Saisissez une adresse comme @nom@hub.example ou l’URL d’un profil.
lookup-error-not-found = Aucun compte n’a été trouvé à cette adresse.

## Messages de confirmation

flash-follow-sent = Demande d’abonnement envoyée.
flash-followed = Vous suivez désormais ce compte.
flash-unfollowed = Vous ne suivez plus ce compte.
flash-request-accepted = Demande d’abonnement acceptée.
flash-request-rejected = Demande d’abonnement refusée.
flash-settings-saved = Paramètres enregistrés.
flash-signup-approved = Inscription approuvée.
flash-signup-rejected = Inscription refusée.
flash-logged-out = Déconnexion réussie.
flash-instance-saved = Paramètres de l’instance enregistrés.
flash-post-published = Votre publication est en ligne.
flash-post-deleted = Publication supprimée.

## Code source

source-title = Code source
source-license = Tessera est un logiciel libre : vous pouvez l’utiliser, l’étudier, le partager et le modifier selon les termes de la licence publique générale GNU Affero, version 3 ou toute version ultérieure (AGPL-3.0-or-later).
source-availability = Le code source de la version qui fonctionne sur ce hub est disponible auprès de son administrateur et dans le dépôt de Tessera.
source-license-link = Lire la licence (GNU AGPL)

## Delivery queue (admin)

admin-queue-heading = Envois sortants
admin-queue-pending = En attente
admin-queue-in-flight = En cours d’envoi
admin-queue-failed = Abandonnés
admin-queue-hosts-caption = Serveurs destinataires ayant rencontré des problèmes
admin-queue-col-host = Serveur
admin-queue-col-failures = Échecs consécutifs
admin-queue-col-state = État
admin-queue-col-error = Dernière erreur
admin-queue-state-ok = Fonctionne
admin-queue-state-paused = En pause après des échecs
admin-queue-state-unavailable = Indisponible
admin-queue-hosts-empty = Aucun serveur n’a rencontré de problème d’envoi.
