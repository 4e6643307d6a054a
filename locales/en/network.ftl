# The network of who works with whom (issue 23, part 2).
network-nav = Network
network-title = Network of projects and organisations
network-intro = Projects and the organisations that lead, partner or fund them, and the projects that replicate or adapt others, on this hub and its peers. Choose a country, a theme or a kind: the entries found are drawn with the organisations and projects they are linked to.
network-whole = The whole network
network-summary =
    { $nodes ->
        [one] One node
       *[other] { $nodes } nodes
    }, { $edges ->
        [one] one link.
       *[other] { $edges } links.
    }
network-download-json = Download JSON (nodes and links)
network-download-graphml = Download GraphML
network-download-csv = Download CSV (links)
network-svg-title = Network graph
network-svg-desc =
    { $nodes ->
        [one] One node drawn
       *[other] { $nodes } nodes drawn
    } and { $edges ->
        [one] one link.
       *[other] { $edges } links.
    } The table below lists every node with its number of links.
network-node-title =
    { $links ->
        [one] { $name }: one link
       *[other] { $name }: { $links } links
    }
network-relation-lead = Lead organisation
network-relation-partner = Partner
network-relation-funder = Funder
network-relation-replicates = Replicates
network-relation-adapts = Adapts
network-relation-inspired-by = Inspired by
network-legend-faint = Faint: linked to what was chosen, not chosen itself
network-drawn = The { $drawn } most linked nodes are drawn; the table and the downloads hold them all.
network-unlinked =
    { $count ->
        [one] One entry has no link yet: it is in the table, not in the drawing.
       *[other] { $count } entries have no link yet: they are in the table, not in the drawing.
    }
network-empty = No links among these entries yet. A project's team adds its organisations (lead, partner, funder) and the projects it replicates on its page.
network-table-heading = Nodes, the most linked first
network-col-name = Name
network-col-hub = Hub
network-col-links = Links
network-neighbour = linked
network-rows-cut = The first { $max }; the downloads hold every node.
