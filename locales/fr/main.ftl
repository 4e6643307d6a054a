# Interface web de Tessera, français.

## Mise en page

skip-to-content = Aller au contenu principal
# A label before what it labels (French puts a narrow no-break space before the colon).
label-colon = { $label } :
table-scroll-label = Tableau (défile horizontalement)
nav-menu = Menu
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

search-title = Recherche
search-results-title = « { $query } » : recherche
search-label = Chercher des projets, des organisations, des communautés, des événements, des discussions et des personnes
search-hint = Les mots trouvent ce qui les contient, sous toutes leurs formes (« jardin » trouve « Jardins »). Une adresse comme @nom@hub.example ou une URL ouvre ce qu’elle désigne, récupéré depuis son hub.
search-placeholder = Chercher ou coller une adresse
search-button = Chercher
search-kinds-label = Types de résultats
search-kind-all = Tout
search-kind-entries = Projets et organisations
search-kind-communities = Communautés
search-kind-events = Événements
search-kind-threads = Discussions
search-kind-people = Personnes
search-found =
    { $count ->
        [0] Aucun résultat pour « { $query } ».
        [one] Un résultat pour « { $query } ».
       *[other] { $count } résultats pour « { $query } ».
    }
search-more =
    { $count ->
        [one] L’afficher
       *[other] Afficher les { $count }
    }
search-lookup-log-in = Connectez-vous pour rechercher une adresse sur un autre hub.
search-error-too-long = La recherche est trop longue : 200 caractères au plus.
search-error-kind = Choisissez un type de résultat dans la liste.

## Accueil

home-upcoming-heading = Événements à venir
home-all-events = Tous les événements
home-upcoming-empty = Aucun événement à venir.
home-threads-heading = Discussions actives
home-all-communities = Toutes les communautés
home-thread-replies =
    { $count ->
        [0] pas encore de réponse
        [one] une réponse
       *[other] { $count } réponses
    }
home-threads-empty = Pas encore de discussion.
home-peers-heading = Hubs pairs
home-all-peers = La fédération
home-peers-empty = Ce hub n’est pas encore appairé avec d’autres hubs.
home-newest-heading = Nouveaux projets et organisations
home-all-entries = L’annuaire
home-newest-empty = Pas encore de projet ni d’organisation.
home-members-count =
    { $count ->
        [one] un membre
       *[other] { $count } membres
    }
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

form-errors-count = { $count ->
    [one] Ce formulaire contient une erreur :
   *[other] Ce formulaire contient { $count } erreurs :
}
form-errors-title-prefix = Erreur :

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
post-favourites =
    { $count ->
        [one] { $count } favori
       *[other] { $count } favoris
    }
post-boosts =
    { $count ->
        [one] { $count } partage
       *[other] { $count } partages
    }
post-favourite = Ajouter aux favoris
post-unfavourite = Retirer des favoris
post-boost = Partager
post-unboost = Annuler le partage
reaction-error-private = Seules les publications publiques et non listées peuvent être partagées.
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
lookup-error-not-found = Rien n’a été trouvé à cette adresse.

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

## Projets et organisations

entry-kind-project = Projet
entry-kind-organisation = Organisation
entry-status-badge = État : { $status }
entry-size-badge = Taille : { $size }
entry-invitation = Vous êtes invité·e à rejoindre l’équipe en tant que { $role }.
entry-invitation-accept = Accepter
entry-invitation-decline = Refuser
entry-followers =
    { $count ->
        [one] abonné·e
       *[other] abonné·e·s
    }
entry-login-to-follow = Se connecter pour suivre
entry-follow-hint = Pour suivre depuis Mastodon ou un autre serveur du fédivers, recherchez { $handle } sur ce serveur.
entry-edit = Modifier
entry-manage-team = Équipe
entry-manage-team-partners = Équipe et partenaires
entry-post-update = Publier une actualité
entry-website = Site web
entry-location = Lieu
entry-coordinates = Coordonnées
entry-dates = Dates
entry-dates-range = Du { $start } au { $end }
entry-dates-from = Depuis le { $start }
entry-dates-until = Jusqu’au { $end }
entry-languages = Langues
entry-social-impact = Impact social
entry-beneficiaries = Publics bénéficiaires
entry-tags-heading = Thématiques
entry-themes = Thèmes
entry-focus = Axes
entry-technologies = Technologies
entry-sdgs = Objectifs de développement durable
entry-expertise = Compétences
entry-needs = Besoins
entry-partners-heading = Organisations partenaires
entry-partners-empty = Aucune organisation partenaire pour l’instant.
entry-projects-heading = Projets
entry-projects-empty = Aucun projet lié pour l’instant.
entry-team-heading = Équipe
entry-updates-heading = Actualités ({ $count })
entry-updates-empty = Aucune actualité pour l’instant.
entry-update-title = Titre (facultatif)
entry-update-content = Actualité
entry-update-content-hint = Markdown, { $max } caractères au plus.
entry-update-hint = L’actualité est publique : les abonné·e·s d’autres serveurs la reçoivent. La langue est un code comme fr ou en (facultatif).
entry-update-submit = Publier l’actualité
entry-back = Retour à { $name }

## Formulaires des projets et organisations

entry-form-new-project = Nouveau projet
entry-form-new-organisation = Nouvelle organisation
entry-form-new-project-intro = Un projet a sa propre page et sa propre adresse dans le fédivers, que tout le monde peut suivre. Vous en devenez le premier administrateur.
entry-form-new-organisation-intro = Une organisation a sa propre page et sa propre adresse dans le fédivers, que tout le monde peut suivre. Vous en devenez le premier administrateur.
entry-form-edit-title = Modifier { $name }
entry-form-basics = Présentation
entry-form-handle = Adresse
entry-form-handle-hint = De 3 à 30 caractères : lettres minuscules a-z, chiffres 0-9 et tirets bas _. La page sera /{ $segment }/adresse et l’adresse dans le fédivers @adresse@{ $domain }. Elle ne pourra plus être modifiée.
entry-form-name = Nom
entry-form-summary = Résumé
entry-form-summary-hint = Une ou deux phrases, en texte brut, { $max } caractères au plus.
entry-form-description = Description
entry-form-description-hint = Markdown : **gras**, *italique*, [liens](https://example.org), listes et titres.
entry-form-status = État
entry-form-not-set = Non renseigné
entry-form-start-date = Date de début
entry-form-end-date = Date de fin
entry-form-org-type = Type d’organisation
entry-form-org-size = Taille
entry-form-org-size-hint = Selon le nombre de salarié·e·s.
entry-form-where = Où la trouver
entry-form-country = Pays
entry-form-region = Région ou ville
entry-form-latitude = Latitude (facultatif)
entry-form-longitude = Longitude (facultatif)
entry-form-coordinates-hint = En degrés décimaux, par exemple 48.8566 et 2.3522. Remplissez les deux ou aucun.
entry-form-languages-hint = Codes de langue séparés par des virgules, par exemple fr, en, pt-BR.
entry-form-focus-hint = Les formes d’ouverture sur lesquelles elle s’appuie.
entry-form-sdgs-hint = Les objectifs de l’ONU auxquels elle contribue.
entry-form-impact = Impact
entry-form-social-impact-hint = Ce qui change grâce à elle. Texte brut.
entry-form-beneficiaries-hint = Les personnes ou communautés pour qui elle travaille. Texte brut.
entry-form-exchange = Ce qu’elle offre et ce qu’elle cherche
entry-form-tags-hint = Mots-clés séparés par des virgules, 20 au plus par champ.
entry-form-suggested-tags = Mots-clés courants :
entry-form-save = Enregistrer les modifications
entry-form-create-project = Créer le projet
entry-form-create-organisation = Créer l’organisation
entry-form-cancel = Annuler
entry-delete-project-heading = Supprimer ce projet
entry-delete-organisation-heading = Supprimer cette organisation
entry-delete-warning = Sa page, son équipe, ses liens et ses actualités sont supprimés, et ses abonné·e·s sur d’autres serveurs sont prévenu·e·s. C’est définitif.
entry-delete = Supprimer…
entry-delete-confirm = Supprimer définitivement { $name }
entry-error-too-long = Un champ est trop long.
entry-error-unknown-code = Choisissez dans la liste.
entry-error-tag = Les mots-clés sont faits de lettres et de chiffres, 50 caractères au plus chacun.
entry-error-too-many-tags = 20 mots-clés au plus par champ.
entry-error-name-required = Indiquez un nom.
entry-error-website = Indiquez une adresse web commençant par http:// ou https://.
media-error-too-large = L’image est trop volumineuse.
media-error-type = Envoyez une image PNG, JPEG, GIF ou WebP.
media-error-dimensions = L’image ne doit pas dépasser 8000 pixels de large ni de haut.
entry-error-country = Choisissez un pays dans la liste.
entry-error-coordinates = Indiquez une latitude entre -90 et 90 et une longitude entre -180 et 180, ou laissez les deux vides.
entry-error-language = Indiquez des codes de langue comme fr, en ou pt-BR, séparés par des virgules.
entry-error-dates = La date de fin doit être une date valide, égale ou postérieure à la date de début.

## Membres et partenaires

members-title = Équipe de { $name }
members-title-partners = Équipe et partenaires de { $name }
members-heading = Membres ({ $count })
members-roles-hint = Les administrateurs gèrent l’équipe et peuvent supprimer la page ; les rédacteurs la modifient et publient des actualités.
member-invited = Invité·e
member-you = Vous
member-role-of = Rôle de { $name }
member-change-role = Changer le rôle
member-remove = Retirer…
member-remove-confirm = Retirer { $name } de l’équipe
member-withdraw = Annuler l’invitation…
member-withdraw-confirm = Annuler l’invitation de { $name }
member-leave = Quitter…
member-leave-confirm = Quitter l’équipe
members-invite-heading = Inviter un membre
members-invite-handle = Membre de ce hub
members-invite-handle-hint = Son nom d’utilisateur ou son adresse, comme @nom ou @nom@{ $domain }. L’invitation s’accepte depuis sa page d’accueil.
members-role = Rôle
members-invite-submit = Inviter
member-error-role = Choisissez un rôle dans la liste.
member-error-unknown = Aucun membre actif de ce hub n’a ce nom d’utilisateur.
member-error-already = Cette personne fait déjà partie de l’équipe.
member-error-last-admin = Le dernier administrateur ne peut ni partir ni cesser d’être administrateur. Nommez d’abord quelqu’un d’autre administrateur.
link-add-heading = Lier une organisation
link-organisation = Organisation
link-organisation-hint = Son adresse, comme @nom@hub.example, ou l’URL de sa page, sur ce hub ou un autre.
link-role = Rôle dans le projet
link-add-submit = Lier l’organisation
link-remove = Retirer…
link-remove-confirm = Retirer le lien avec { $name }
link-error-role = Choisissez un rôle dans la liste.
link-error-not-organisation = Cette adresse n’est pas celle d’une organisation.

## Mes projets et organisations (accueil)

home-entries-heading = Mes projets et organisations
home-entries-empty = Vous ne faites encore partie d’aucun projet ni d’aucune organisation.
home-entries-invited = Invitation :
home-new-project = Nouveau projet
home-new-organisation = Nouvelle organisation

## Vocabulaires contrôlés

vocab-theme-migration-integration = Migrations et intégration
vocab-theme-food-environment-climate = Alimentation, environnement et climat
vocab-theme-health-care = Santé et soins
vocab-theme-skills-learning = Compétences et apprentissage
vocab-theme-digital-democracy = Démocratie numérique
vocab-theme-cities-urban-development = Villes et développement urbain
vocab-theme-work-employment = Travail et emploi
vocab-theme-culture-arts = Culture et arts
vocab-theme-science = Sciences
vocab-theme-finance-economy = Finance et économie
vocab-focus-open-data = Données ouvertes
vocab-focus-open-hardware = Matériel libre
vocab-focus-open-networks = Réseaux ouverts
vocab-focus-open-knowledge = Savoirs ouverts
vocab-technology-open-source = Logiciel libre
vocab-technology-ai = Intelligence artificielle
vocab-technology-p2p = Pair à pair
vocab-technology-crowdsourcing = Production participative
vocab-technology-iot = Internet des objets
vocab-technology-blockchain = Chaîne de blocs
vocab-technology-open-data-platforms = Plateformes de données ouvertes
vocab-technology-digital-fabrication = Fabrication numérique
vocab-technology-mobile-apps = Applications mobiles
vocab-technology-online-platforms = Plateformes en ligne
vocab-technology-mapping-gis = Cartographie et SIG
vocab-technology-immersive-media = Médias immersifs
vocab-sdg-1 = Pas de pauvreté
vocab-sdg-2 = Faim « zéro »
vocab-sdg-3 = Bonne santé et bien-être
vocab-sdg-4 = Éducation de qualité
vocab-sdg-5 = Égalité entre les sexes
vocab-sdg-6 = Eau propre et assainissement
vocab-sdg-7 = Énergie propre et d’un coût abordable
vocab-sdg-8 = Travail décent et croissance économique
vocab-sdg-9 = Industrie, innovation et infrastructure
vocab-sdg-10 = Inégalités réduites
vocab-sdg-11 = Villes et communautés durables
vocab-sdg-12 = Consommation et production responsables
vocab-sdg-13 = Mesures relatives à la lutte contre les changements climatiques
vocab-sdg-14 = Vie aquatique
vocab-sdg-15 = Vie terrestre
vocab-sdg-16 = Paix, justice et institutions efficaces
vocab-sdg-17 = Partenariats pour la réalisation des objectifs
vocab-status-idea = Idée
vocab-status-active = En cours
vocab-status-scaling = Changement d’échelle
vocab-status-completed = Terminé
vocab-orgtype-public-authority = Autorité publique
vocab-orgtype-funder = Financeur
vocab-orgtype-support-organisation = Structure d’accompagnement
vocab-orgtype-social-economy-enterprise = Entreprise de l’économie sociale
vocab-orgtype-ngo-association = ONG ou association
vocab-orgtype-research = Recherche
vocab-orgtype-business = Entreprise
vocab-orgtype-grassroots-network = Réseau citoyen
vocab-orgsize-micro = Micro (moins de 10)
vocab-orgsize-small = Petite (10 à 49)
vocab-orgsize-medium = Moyenne (50 à 249)
vocab-orgsize-large = Grande (250 ou plus)
vocab-linkrole-lead = Porteur
vocab-linkrole-partner = Partenaire
vocab-linkrole-funder = Financeur
vocab-memberrole-admin = Administrateur
vocab-memberrole-editor = Rédacteur

## Messages flash (projets et organisations)

flash-entry-created = C’est créé. Bienvenue sur votre nouvelle page.
flash-entry-saved = Modifications enregistrées.
flash-entry-deleted = Supprimé.
flash-update-published = Votre actualité est publiée.
flash-member-invited = Invitation envoyée. Elle apparaît sur sa page d’accueil.
flash-member-role-changed = Rôle modifié.
flash-member-removed = Retiré·e de l’équipe.
flash-member-left = Vous avez quitté l’équipe.
flash-invitation-accepted = Bienvenue dans l’équipe.
flash-invitation-declined = Invitation refusée.
flash-link-added = Organisation liée.
flash-link-removed = Lien retiré.
media-error-empty = Choisissez un fichier image à envoyer.
