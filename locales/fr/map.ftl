# La carte de l’écosystème (ticket 23, partie 1).
map-nav = Carte
map-title = Carte de l’écosystème
map-intro = Les projets, organisations, événements à venir et appels à financement ouverts que ce hub et ses pairs connaissent. Ce qui a des coordonnées est un repère ; tout est compté par pays dans le tableau ci-dessous, qui dit en mots la même chose que la carte.
map-layers = Afficher
map-layer-projects = Projets
map-layer-organisations = Organisations
map-layer-events = Événements
map-marker-projects = Projet
map-marker-organisations = Organisation
map-marker-events = Événement
map-marker-calls = Appel ouvert
map-layer-calls = Appels ouverts
map-controls = Vue de la carte
map-zoom-in = Zoomer
map-zoom-out = Dézoomer
map-pan-north = Nord
map-pan-south = Sud
map-pan-west = Ouest
map-pan-east = Est
map-whole = Toute la carte
map-zoom-level = Zoom { $zoom } sur { $max }.
map-svg-title = Carte de l’Europe
map-svg-desc =
    { $markers ->
        [0] Aucun repère dans cette vue
        [one] Un repère dans cette vue
       *[other] { $markers } repères dans cette vue
    } ; { $countries ->
        [one] un pays avec des fiches, des événements ou des appels.
       *[other] { $countries } pays avec des fiches, des événements ou des appels.
    } La liste et le tableau ci-dessous donnent les mêmes informations.
map-cluster-title =
    { $count ->
        [one] Un lieu
       *[other] { $count } lieux ici : zoomer
    }
map-country-title = { $country } : { $projects ->
        [one] un projet
       *[other] { $projects } projets
    }, { $organisations ->
        [one] une organisation
       *[other] { $organisations } organisations
    }, { $events ->
        [one] un événement
       *[other] { $events } événements
    }, { $calls ->
        [one] un appel ouvert
       *[other] { $calls } appels ouverts
    }
map-legend-cluster = Plusieurs lieux (le nombre dit combien)
map-legend-countries = Pays, teintés selon ce qu’ils comptent
map-credit = Frontières : Natural Earth
map-list-heading =
    { $count ->
        [0] Aucun repère dans cette vue
        [one] Un repère dans cette vue
       *[other] { $count } repères dans cette vue
    }
map-list-cut = Les { $max } premiers par nom ; zoomez ou affinez les filtres pour les autres.
map-list-empty = Rien avec des coordonnées ici. Le tableau compte ce qui n’a qu’un pays.
map-table-heading = Par pays
map-table-empty = Rien à compter pour ces filtres.
map-col-placed = Sur la carte
map-col-regions = Régions
map-calls-everywhere =
    { $count ->
        [one] Un appel ouvert est ouvert à tous les pays.
       *[other] { $count } appels ouverts sont ouverts à tous les pays.
    }
map-nowhere =
    { $count ->
        [one] Une fiche ne donne ni coordonnées ni pays.
       *[other] { $count } fiches ne donnent ni coordonnées ni pays.
    }
map-download-geojson = Télécharger en GeoJSON
map-error-view = Cette adresse demande une vue que la carte n’a pas : un zoom de 0 à 6, des coordonnées dans la carte, ou un code de pays qu’elle dessine.
map-error-filter = Cette adresse demande une couche que la carte n’a pas : projets, organisations, événements ou appels.
