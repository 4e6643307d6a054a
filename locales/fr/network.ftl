# Le réseau de qui travaille avec qui (ticket 23, partie 2).
network-nav = Réseau
network-title = Réseau des projets et des organisations
network-intro = Les projets et les organisations qui les portent, les accompagnent comme partenaires ou les financent, et les projets qui en reproduisent ou en adaptent d’autres, sur ce hub et ses pairs. Choisissez un pays, un thème ou un type : les fiches trouvées sont dessinées avec les organisations et projets auxquels elles sont liées.
network-whole = Tout le réseau
network-summary =
    { $nodes ->
        [one] Un nœud
       *[other] { $nodes } nœuds
    }, { $edges ->
        [one] un lien.
       *[other] { $edges } liens.
    }
network-download-json = Télécharger en JSON (nœuds et liens)
network-download-graphml = Télécharger en GraphML
network-download-csv = Télécharger en CSV (liens)
network-svg-title = Graphe du réseau
network-svg-desc =
    { $nodes ->
        [one] Un nœud dessiné
       *[other] { $nodes } nœuds dessinés
    } et { $edges ->
        [one] un lien.
       *[other] { $edges } liens.
    } Le tableau ci-dessous liste chaque nœud avec son nombre de liens.
network-node-title =
    { $links ->
        [one] { $name } : un lien
       *[other] { $name } : { $links } liens
    }
network-relation-lead = Organisation cheffe de file
network-relation-partner = Partenaire
network-relation-funder = Financeur
network-relation-replicates = Reproduit
network-relation-adapts = Adapte
network-relation-inspired-by = S’inspire de
network-legend-faint = Pâle : lié à ce qui a été choisi, sans être choisi
network-drawn = Les { $drawn } nœuds les plus liés sont dessinés ; le tableau et les téléchargements les contiennent tous.
network-unlinked =
    { $count ->
        [one] Une fiche n’a encore aucun lien : elle figure dans le tableau, pas dans le dessin.
       *[other] { $count } fiches n’ont encore aucun lien : elles figurent dans le tableau, pas dans le dessin.
    }
network-empty = Aucun lien entre ces fiches pour l’instant. L’équipe d’un projet ajoute ses organisations (cheffe de file, partenaire, financeur) et les projets qu’il reproduit depuis sa page.
network-table-heading = Nœuds, les plus liés d’abord
network-col-name = Nom
network-col-hub = Hub
network-col-links = Liens
network-neighbour = lié
network-rows-cut = Les { $max } premiers ; les téléchargements contiennent tous les nœuds.
