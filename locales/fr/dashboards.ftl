# Tableaux de bord par pays et par thème (ticket 23, partie 3).
dashboard-title-all = Tableau de bord de tout l’annuaire
dashboard-title-of = Tableau de bord : { $subject }
dashboard-intro = Ce que ce hub sait de l’écosystème : ses propres fiches et les copies complètes des annuaires de ses pairs, comptées pour planifier le renforcement des capacités et le plaidoyer. Choisissez un pays, un thème ou les deux ; l’adresse de la page est un lien permanent.
dashboard-country = Pays
dashboard-any-country = Tous les pays
dashboard-theme = Thème
dashboard-any-theme = Tous les thèmes
dashboard-kind = Type
dashboard-any-kind = Projets et organisations
dashboard-show = Afficher
dashboard-summary =
    { $entries ->
        [one] Une fiche
       *[other] { $entries } fiches
    } ({ $projects ->
        [one] un projet
       *[other] { $projects } projets
    }, { $organisations ->
        [one] une organisation
       *[other] { $organisations } organisations
    }).
dashboard-from-hubs = Provenance : { $hubs }.
dashboard-hub-count = { $hub } ({ $count })
dashboard-permalink = Lien permanent
dashboard-download-csv = Télécharger en CSV
dashboard-download-json = Télécharger en JSON
dashboard-figure-project-status = Projets par état d’avancement
dashboard-figure-project-theme = Projets par thème
dashboard-figure-organisation-type = Organisations par type
dashboard-figure-sdg = Objectifs de développement durable couverts
dashboard-figure-language = Langues
dashboard-figure-created = Fiches créées par trimestre
dashboard-figure-desc =
    { $count ->
        [one] Compté sur une fiche.
       *[other] Compté sur { $count } fiches.
    }
dashboard-figure-sources =
    { $count ->
        [one] Une fiche, provenance : { $hubs }.
       *[other] { $count } fiches, provenance : { $hubs }.
    }
dashboard-figure-empty = Rien à compter ici pour l’instant.
dashboard-bar = { $label } : { $count }
dashboard-table-of = Tableau : { $figure }
dashboard-col-value = Valeur
dashboard-col-count = Fiches
dashboard-not-given = Non renseigné
dashboard-earlier = Avant
dashboard-needs-heading = Besoins et qui peut y répondre
dashboard-needs-intro = Pour chaque besoin déclaré par ces fiches, les organisations dont l’expertise y répond : dans le même pays, dans d’autres pays couverts par ce hub ou ses pairs, ou personne (un manque à combler par le renforcement des capacités).
dashboard-needs-empty = Aucune fiche ici ne déclare encore de besoin.
dashboard-gaps =
    { $count ->
        [0] Chaque besoin trouve quelqu’un pour y répondre.
        [one] Un besoin ne trouve personne pour y répondre.
       *[other] { $count } besoins ne trouvent personne pour y répondre.
    }
dashboard-col-need = Besoin
dashboard-col-needed-by = Exprimé par
dashboard-col-same-country = Offert dans le même pays
dashboard-col-other-countries = Offert dans d’autres pays
dashboard-col-coverage = Couverture
dashboard-coverage-same-country = Couvert dans le pays
dashboard-coverage-other-countries = Couvert ailleurs seulement
dashboard-coverage-nobody = Manque
dashboard-link = Tableau de bord de ces fiches
