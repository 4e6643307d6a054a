## Événements : la liste du calendrier, la grille du mois, la page d'un événement, le formulaire et les participants.

events-nav = Événements
events-title = Événements
events-intro = Ateliers, réunions et rencontres des membres de ce hub et des hubs et serveurs d'événements qu'ils suivent.
events-feed = Flux Atom
events-subscribe = S'abonner (iCalendar)
events-new = Nouvel événement
events-month-view = Vue du mois
events-list-view = Vue en liste
events-filters-heading = Filtres
events-filter-theme = Thème
events-filter-any = Tous
events-filter-country = Pays
events-filter-mode = Où
events-filter-mode-online = En ligne
events-filter-mode-physical = Sur place
events-filter-from = Du
events-filter-to = Au
events-filter-language = Langue
events-filter-language-hint = Un code de langue comme fr, en ou pt-BR.
events-filter-organizer = Organisateur
events-filter-organizer-hint = Un identifiant comme @green_fund ou @quelquun@autre.hub.
events-filter-local = Seulement les événements de ce hub
events-filter-apply = Afficher les événements
events-filter-clear = Effacer les filtres
events-total =
    { $count ->
        [one] { $count } événement
       *[other] { $count } événements
    }
events-empty = Aucun événement ne correspond.
events-online = En ligne
events-organised-by = Par
events-from-host = depuis { $host }
events-themes = Thèmes
events-pagination = Pages
events-previous = Événements précédents
events-next = Événements suivants
events-page-of = Page { $page } sur { $pages }
events-places = { $count } / { $capacity } places
events-participants-count =
    { $count ->
        [one] { $count } participant
       *[other] { $count } participants
    }

events-month-title = { $month } { $year }
events-month-nav = Mois
events-month-previous = Mois précédent
events-month-next = Mois suivant
events-month-current = Ce mois-ci
events-month-zone = Jours et heures dans le fuseau { $zone }.
events-month-zone-default = Jours et heures dans le fuseau { $zone } (le fuseau de votre navigateur est utilisé dès qu'il est connu).
events-month-empty = Aucun événement ce mois-ci.

events-date = { $weekday } { $day } { $month } { $year }
events-when-same-day = { $date }, { $start }–{ $end } { $zone }
events-when-days = { $start_date }, { $start } – { $end_date }, { $end } { $zone }
events-your-time-short = Votre heure : { $start }–{ $end } { $zone }
events-your-time = Votre heure : { $when }
events-weekday-1 = lun.
events-weekday-2 = mar.
events-weekday-3 = mer.
events-weekday-4 = jeu.
events-weekday-5 = ven.
events-weekday-6 = sam.
events-weekday-7 = dim.
events-month-1 = janvier
events-month-2 = février
events-month-3 = mars
events-month-4 = avril
events-month-5 = mai
events-month-6 = juin
events-month-7 = juillet
events-month-8 = août
events-month-9 = septembre
events-month-10 = octobre
events-month-11 = novembre
events-month-12 = décembre

events-status-scheduled = Programmé
events-status-tentative = Provisoire
events-status-postponed = Reporté
events-status-cancelled = Annulé
events-join-mode-free = Inscription libre
events-join-mode-approval = Sur validation
events-join-mode-external = Inscription ailleurs
events-join-mode-none = Sans inscription
events-join-explain-free = chacun peut s'inscrire tant qu'il reste des places ; ensuite une liste d'attente s'ouvre.
events-join-explain-approval = les organisateurs valident chaque demande.
events-join-explain-external = l'inscription se fait sur un autre site.
events-join-explain-none = venez simplement, sans vous inscrire.
events-state-accepted = Accepté
events-state-waiting = Sur liste d'attente
events-state-pending = En attente de validation
events-state-rejected = Refusé
events-count-accepted =
    { $count ->
        [one] { $count } accepté
       *[other] { $count } acceptés
    }
events-count-waiting = { $count } sur liste d'attente
events-count-pending = { $count } en attente de validation
events-count-rejected =
    { $count ->
        [one] { $count } refusé
       *[other] { $count } refusés
    }
events-closed-cancelled = Cet événement a été annulé : les inscriptions sont fermées.
events-closed-past = Cet événement est terminé.

event-cover-alt = Image de couverture de { $title }
event-when = Quand
event-where = Où
event-map = Voir sur OpenStreetMap
event-organizer = Organisateur
event-origin = Publié sur { $host }
event-view-on-origin = Voir sur le site d'origine
event-category = Catégorie
event-language = Langue
event-participation = Participer
event-join-mode = Inscription : { $mode }
event-your-state = Votre inscription : { $state }
event-leave = Se désinscrire
event-register-external = S'inscrire sur le site de l'organisateur
event-no-registration = Pas besoin de s'inscrire.
event-join-message = Message aux organisateurs (facultatif)
event-join-message-hint = Dites qui vous êtes ou pourquoi vous aimeriez venir.
event-full-waiting-list = Toutes les places sont prises : vous serez inscrit sur la liste d'attente.
event-join-request = Demander à participer
event-join = Participer
event-login-to-join = Connectez-vous pour participer
event-add-to-calendar = Ajouter à l'agenda
event-add-ics = Télécharger (.ics)
event-add-google = Google Agenda
event-add-outlook = Outlook
event-tools = Outils des organisateurs
event-edit = Modifier l'événement
event-participants-link = Participants
event-cover = Image de couverture
event-cover-file = Fichier image
event-cover-upload = Envoyer la couverture
event-cover-remove = Retirer la couverture
event-cancel-heading = Annuler l'événement
event-cancel-warning = L'événement reste affiché comme annulé ; participants et abonnés sont prévenus, et les demandes en attente sont refusées.
event-cancel = Annuler l'événement…
event-cancel-confirm = Oui, annuler « { $title } »
event-delete-heading = Supprimer l'événement
event-delete-warning = L'événement disparaît de ce hub et des serveurs qui l'ont reçu. C'est définitif.
event-delete = Supprimer l'événement…
event-delete-confirm = Oui, supprimer « { $title } »

event-form-new-title = Nouvel événement
event-form-edit-title = Modifier { $title }
event-form-intro = Publiez un événement : les personnes d'ici et des serveurs qui suivent l'organisateur peuvent le voir et y participer.
event-form-basics = L'événement
event-form-organizer = Organisateur
event-form-organizer-self = Moi-même
event-form-organizer-hint = Vous pouvez publier au nom des projets et organisations dont vous êtes membre.
event-form-organised-by = Organisé par { $name }.
event-form-title = Titre
event-form-description = Description
event-form-description-hint = Markdown : **gras**, *italique*, [lien](https://example.org), listes.
event-form-not-set = Non précisé
event-form-status = Statut
event-form-starts = Début
event-form-ends = Fin
event-form-zone = Fuseau horaire
event-form-time-hint = Les heures telles que les horloges les affichent là où a lieu l'événement, dans le fuseau indiqué (par exemple Europe/Paris).
event-form-where-hint = Indiquez un lieu, une adresse en ligne, ou les deux.
event-form-place-name = Nom du lieu
event-form-street = Rue
event-form-postal-code = Code postal
event-form-locality = Ville
event-form-region = Région
event-form-latitude = Latitude
event-form-longitude = Longitude
event-form-coordinates-hint = Facultatif, les deux ou aucune, en degrés décimaux (par exemple 48.85 et 2.35).
event-form-online-url = Adresse en ligne
event-form-online-url-hint = Le lien de la visioconférence ou de la diffusion, commençant par https://.
event-form-join-mode = Inscription
event-form-capacity = Places
event-form-capacity-hint = Laissez vide pour ne pas limiter.
event-form-external-url = Site d'inscription
event-form-external-url-hint = Nécessaire quand l'inscription se fait ailleurs.
event-form-save = Enregistrer l'événement
event-form-create = Publier l'événement
event-form-back = Retour

event-participants-title = Participants de { $title }
event-participants-counts = Participants par état
event-participants-caption = Participants par ordre d'arrivée
event-participants-person = Personne
event-participants-origin = Hub
event-participants-state = État
event-participants-message = Message
event-participants-date = Demande le ({ $zone })
event-participants-actions = Décision
event-participants-local = Ce hub
event-participants-approve = Accepter
event-participants-approve-label = Accepter { $name }
event-participants-decline = Refuser
event-participants-decline-label = Refuser { $name }
event-participants-empty = Personne n'a encore demandé à participer.

flash-event-created = Votre événement est publié.
flash-event-saved = Modifications enregistrées.
flash-event-cancelled = L'événement est annulé.
flash-event-deleted = L'événement est supprimé.
flash-event-cover-saved = Image de couverture enregistrée.
flash-event-cover-removed = Image de couverture retirée.
flash-event-joined = Vous êtes inscrit.
flash-event-join-requested = Votre demande est transmise aux organisateurs.
flash-event-join-waiting = L'événement est complet : vous êtes sur la liste d'attente.
flash-event-join-declined = Votre demande a été refusée.
flash-event-left = Vous vous êtes désinscrit.
flash-participant-approved = Participant accepté.
flash-participant-waiting = Accepté ; l'événement est complet, la personne est donc sur la liste d'attente.
flash-participant-declined = Participant refusé.

event-error-title = Donnez un titre à l'événement.
event-error-too-long = Un champ est trop long.
event-error-time = Indiquez le début et la fin avec une date et une heure.
event-error-end-before-start = La fin doit venir après le début.
event-error-too-long-event = Un événement peut durer au plus un an.
event-error-zone = Indiquez un fuseau horaire comme Europe/Paris.
event-error-online-url = L'adresse en ligne doit être une adresse web commençant par https:// ou http://.
event-error-country = Choisissez un pays dans la liste.
event-error-coordinates = Indiquez la latitude (−90 à 90) et la longitude (−180 à 180), ou aucune des deux.
event-error-where = Indiquez un lieu ou une adresse en ligne.
event-error-category = Choisissez une catégorie dans la liste.
event-error-theme = Choisissez des thèmes dans la liste.
event-error-language = Indiquez un code de langue valide comme fr ou pt-BR, ou laissez le champ vide.
event-error-status = Choisissez un statut dans la liste.
event-error-join-mode = Choisissez un mode d'inscription dans la liste.
event-error-external-url = Indiquez le site d'inscription, commençant par https:// ou http://.
event-error-capacity = Le nombre de places doit être un nombre entier de 1 à 1 000 000, ou vide.
event-error-organizer = Vous pouvez organiser en votre nom ou au nom d'un projet ou d'une organisation dont vous êtes membre.
event-error-filter = Ces filtres ne sont pas valides. Vérifiez les dates (AAAA-MM-JJ), le pays, le thème et l'organisateur.
event-error-join-cancelled = Cet événement a été annulé : vous ne pouvez pas y participer.
event-error-join-past = Cet événement est terminé : vous ne pouvez plus y participer.
event-error-join-closed = Cet événement ne prend pas d'inscriptions ici.

vocab-event-category-ARTS = Arts
vocab-event-category-AUTO_BOAT_AIR = Auto, bateau et aviation
vocab-event-category-BOOK_CLUBS = Clubs de lecture
vocab-event-category-BUSINESS = Entreprises
vocab-event-category-CAUSES = Causes
vocab-event-category-CLIMATE_ENVIRONMENT = Climat et environnement
vocab-event-category-COMMUNITY = Vie locale
vocab-event-category-COMEDY = Humour
vocab-event-category-CRAFTS = Artisanat
vocab-event-category-CREATIVE_JAM = Jam créative
vocab-event-category-DIY_MAKER_SPACES = Bricolage et fablabs
vocab-event-category-FAMILY_EDUCATION = Famille et éducation
vocab-event-category-FASHION_BEAUTY = Mode et beauté
vocab-event-category-FESTIVALS = Festivals
vocab-event-category-FILM_MEDIA = Cinéma et médias
vocab-event-category-FOOD_DRINK = Cuisine et boissons
vocab-event-category-GAMES = Jeux
vocab-event-category-INCLUSIVE_SPACES = Espaces inclusifs
vocab-event-category-LANGUAGE_CULTURE = Langues et cultures
vocab-event-category-LEARNING = Apprentissage
vocab-event-category-LGBTQ = LGBTQ
vocab-event-category-MEETING = Réunion
vocab-event-category-MEDITATION_WELLBEING = Méditation et bien-être
vocab-event-category-MOVEMENTS_POLITICS = Mouvements et politique
vocab-event-category-MUSIC = Musique
vocab-event-category-NETWORKING = Réseautage
vocab-event-category-OUTDOORS_ADVENTURE = Plein air et aventure
vocab-event-category-PARTY = Fête
vocab-event-category-PERFORMING_VISUAL_ARTS = Arts du spectacle et arts visuels
vocab-event-category-PETS = Animaux de compagnie
vocab-event-category-PHOTOGRAPHY = Photographie
vocab-event-category-SCIENCE_TECH = Sciences et technologies
vocab-event-category-SPIRITUALITY_RELIGION_BELIEFS = Spiritualité, religions et croyances
vocab-event-category-SPORTS = Sports
vocab-event-category-THEATRE = Théâtre
vocab-event-category-WORKSHOPS_SKILL_SHARING = Ateliers et partage de savoir-faire

## Les prochains événements d'un organisateur, sur sa page (personne, projet ou organisation).

events-upcoming-heading = Événements à venir
events-upcoming-all = Tous les événements
