# Appairage des hubs : le profil du hub et les hubs pairs sur la page d'administration,
# la page de la fédération, l'origine des éléments distants.

## Le profil du hub (page d'administration)
admin-hub-heading = Profil du hub
admin-hub-hint = Ce que ce hub dit de lui-même aux hubs pairs et sur la page de la fédération.
admin-hub-country = Pays
admin-hub-country-hint = Code ISO 3166-1 à deux lettres, comme PT, EE ou FR. Laissez vide si le hub n'est lié à aucun pays.
admin-hub-region = Région
admin-hub-languages = Langues
admin-hub-languages-hint = Codes de langue séparés par des virgules, comme fr, en, pt-BR.
admin-hub-clusters = Pôles
admin-hub-clusters-hint = Séparés par des virgules, par exemple : Villes et développement urbain, Santé et soins.
admin-hub-themes = Thèmes
admin-hub-contact = Contact
admin-hub-contact-hint = Une adresse e-mail ou une adresse web.
admin-hub-save = Enregistrer le profil du hub
admin-hub-logo = Logo du hub
admin-hub-logo-alt = Logo de { $name }
admin-hub-logo-none = Pas encore de logo.
admin-hub-logo-file = Fichier image
admin-hub-logo-hint = PNG, JPEG, GIF ou WebP, { $size } au plus.
admin-hub-logo-upload = Envoyer le logo
admin-hub-logo-remove = Retirer le logo
flash-hub-profile-saved = Profil du hub enregistré.
flash-hub-logo-saved = Logo du hub enregistré.
flash-hub-logo-removed = Logo du hub retiré.
hub-error-country = Saisissez un code de pays ISO 3166-1 à deux lettres, comme PT ou EE.
hub-error-language = Saisissez des codes de langue comme fr, en ou pt-BR, séparés par des virgules.
hub-error-theme = Choisissez les thèmes dans la liste.
hub-error-contact = Saisissez une adresse e-mail ou une adresse web commençant par https://.
hub-error-too-long = Un champ est trop long : 100 caractères au plus pour la région et chaque pôle, 20 pôles, 30 langues et 200 caractères pour le contact.

## Hubs pairs (page d'administration)
admin-peers-heading = Hubs pairs
admin-peers-hint = Les hubs pairs partagent entre eux leurs projets, organisations, événements et communautés.
admin-peers-domain = Domaine de l'autre hub
admin-peers-domain-hint = Par exemple hub.example.org. Les administrateurs de ce hub approuvent la demande.
admin-peers-add = Demander l'appairage
admin-peers-empty = Ce hub n'est encore appairé à aucun autre hub.
admin-peers-caption = Les hubs pairs et leur état
admin-peers-col-hub = Hub
admin-peers-col-host = Domaine
admin-peers-col-country = Pays
admin-peers-col-state = État
admin-peers-col-items = Éléments ici
admin-peers-col-last-contact = Dernier contact
admin-peers-col-health = Envois
admin-peers-col-backfill = Rattrapage
admin-peers-col-actions = Actions
admin-peers-items = { $projects ->
        [one] un projet
       *[other] { $projects } projets
    }, { $organisations ->
        [one] une organisation
       *[other] { $organisations } organisations
    }, { $events ->
        [one] un événement
       *[other] { $events } événements
    }, { $communities ->
        [one] une communauté
       *[other] { $communities } communautés
    }
admin-peers-never = jamais
admin-peers-health-ok = OK
admin-peers-health-failing = { $count ->
    [one] En échec : { $count } échec
   *[other] En échec : { $count } échecs
}
admin-peers-health-unavailable = Indisponible
admin-peers-health-last-error = Dernière erreur : { $error }
admin-peers-health-pending = { $count ->
    [one] { $count } envoi en attente
   *[other] { $count } envois en attente
}
admin-peers-backfill-items = { $count ->
    [one] { $count } élément récupéré
   *[other] { $count } éléments récupérés
}
admin-peers-approve = Approuver
admin-peers-reject = Refuser
admin-peers-unpeer = Désappairer
admin-peers-remove-entries = Retirer aussi les fiches de ce hub
admin-peers-resync = Resynchroniser
peer-state-requested = Demandé
peer-state-awaiting = En attente d'approbation
peer-state-active = Actif
peer-state-ended = Terminé
peer-backfill-none = Pas commencé
peer-backfill-pending = En cours
peer-backfill-done = Terminé
peer-backfill-failed = En échec
flash-peer-requested = Appairage demandé. Les administrateurs de l'autre hub décident.
flash-peer-approved = Appairage approuvé.
flash-peer-rejected = Appairage refusé.
flash-peer-ended = Appairage terminé.
flash-peer-resync = Le rattrapage recommence.
peering-error-domain = Saisissez le domaine d'un hub, comme hub.example.org.
peering-error-self = C'est le domaine de ce hub.
peering-error-not-a-hub = Ce serveur n'est pas un hub Tessera, ou ne s'appaire pas.
peering-error-unreachable = Ce hub est injoignable. Vérifiez le domaine et réessayez plus tard.
peering-error-already = Ce hub est déjà appairé à celui-ci, ou l'a déjà demandé.
peering-error-not-active = Seul un appairage actif peut être resynchronisé.

## L'origine des éléments distants
origin-from-hub = de { $hub }

## La page de la fédération
federation-nav = Fédération
federation-title = La fédération en un coup d'œil
federation-intro = Les hubs pairs de ce hub, par pays, et combien de leurs projets, organisations, événements et communautés se trouvent ici.
federation-this-hub = Ce hub ({ $name })
federation-hubs-count = { $count ->
    [one] { $count } hub pair
   *[other] { $count } hubs pairs
}
federation-map-heading = Carte
federation-map-title = Éléments par pays en Europe
federation-map-desc = Une carte de l'Europe en grille : chaque carré est un pays, marqué de son code ISO et d'autant plus foncé que les hubs de ce pays apportent d'éléments. Le pays de ce hub est entouré. Le tableau ci-dessous donne les mêmes chiffres.
federation-tile-items = { $country } : { $count ->
    [one] { $count } élément
   *[other] { $count } éléments
}
federation-tile-none = { $country } : aucun élément
federation-legend = Légende
federation-legend-none = Aucun élément
federation-legend-few = Moins d'éléments
federation-legend-most = Le plus d'éléments
federation-legend-own = Le pays de ce hub
federation-off-map = Hors de la carte : { $countries }
federation-chart-heading = Éléments par pays
federation-chart-title = Éléments par pays
federation-chart-desc = Un diagramme en barres : une barre par pays, aussi longue que le nombre d'éléments venus de ses hubs. Le tableau ci-dessous donne les mêmes chiffres.
federation-table-caption = Hubs et éléments par pays
federation-col-country = Pays
federation-col-hubs = Hubs
federation-col-projects = Projets
federation-col-organisations = Organisations
federation-col-events = Événements
federation-col-communities = Communautés
federation-col-total = Total
federation-unknown-country = Pays non indiqué
federation-empty = Ce hub n'est encore appairé à aucun autre hub.
