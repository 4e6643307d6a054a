# The directory page: search, facets, results, export links.

directory-nav = Annuaire
directory-title = Annuaire
directory-intro = Les projets et organisations de ce hub et des hubs auxquels il est relié. Cherchez par nom ou par sujet, puis affinez la liste avec les filtres.
directory-create-project = Ajouter un projet
directory-create-organisation = Ajouter une organisation
directory-search-label = Chercher des projets et des organisations
directory-search-placeholder = Nom, sujet, lieu…
directory-search-button = Chercher
directory-local-only = Seulement ce hub
directory-active-heading = Filtres actifs
directory-remove-filter = Retirer le filtre { $filter }
directory-filter = { $facet } : { $value }
directory-clear-all = Retirer tous les filtres
directory-filters-heading = Filtres
directory-selected = sélectionné
directory-facet-kind = Type
directory-facet-country = Pays
directory-facet-status = État du projet
directory-facet-org-type = Type d’organisation
directory-facet-theme = Thème
directory-facet-focus = Ouverture
directory-facet-technology = Technologie
directory-facet-sdg = Objectif de développement durable
directory-facet-language = Langue
directory-facet-expertise = Compétences
directory-facet-need = Besoins
directory-kind-project = Projet
directory-kind-organisation = Organisation
directory-sdg = ODD { $number } : { $label }
directory-total =
    { $count ->
        [one] { $count } fiche trouvée
       *[other] { $count } fiches trouvées
    }
directory-empty = Aucun projet ni aucune organisation ne correspond à cette recherche. Essayez d’autres mots ou retirez un filtre.
directory-local = Sur ce hub
directory-remote = Depuis { $host }
directory-status = État : { $status }
directory-pagination = Pages de résultats
directory-previous = Précédente
directory-next = Suivante
directory-page-of = Page { $page } sur { $pages }
directory-export-heading = Données ouvertes
directory-export-intro = Téléchargez toutes les fiches de cette recherche, avec les mêmes filtres.
directory-export-csv = Télécharger en CSV
directory-export-json = Télécharger en JSON
directory-error-filter = Cette adresse contient un filtre que l’annuaire ne connaît pas : une valeur absente de sa liste, un nom inconnu ou une page hors limites.
directory-new-search = Nouvelle recherche
