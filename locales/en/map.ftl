# The map of the ecosystem (issue 23, part 1).
map-nav = Map
map-title = Map of the ecosystem
map-intro = Projects, organisations, upcoming events and open funding calls that this hub and its peers hold. What has coordinates is a marker; everything is counted by country in the table below, which says the same as the map in words.
map-layers = Show
map-layer-projects = Projects
map-layer-organisations = Organisations
map-layer-events = Events
map-marker-projects = Project
map-marker-organisations = Organisation
map-marker-events = Event
map-marker-calls = Open call
map-layer-calls = Open calls
map-controls = Map view
map-zoom-in = Zoom in
map-zoom-out = Zoom out
map-pan-north = North
map-pan-south = South
map-pan-west = West
map-pan-east = East
map-whole = Whole map
map-zoom-level = Zoom { $zoom } of { $max }.
map-svg-title = Map of Europe
map-svg-desc =
    { $markers ->
        [one] One marker in this view
       *[other] { $markers } markers in this view
    }; { $countries ->
        [one] one country with entries, events or calls.
       *[other] { $countries } countries with entries, events or calls.
    } The list and the table below give the same information.
map-cluster-title =
    { $count ->
        [one] One place
       *[other] { $count } places here: zoom in
    }
map-country-title = { $country }: { $projects ->
        [one] one project
       *[other] { $projects } projects
    }, { $organisations ->
        [one] one organisation
       *[other] { $organisations } organisations
    }, { $events ->
        [one] one event
       *[other] { $events } events
    }, { $calls ->
        [one] one open call
       *[other] { $calls } open calls
    }
map-legend-cluster = Several places (the number says how many)
map-legend-countries = Countries, shaded by how much they hold
map-credit = Boundaries: Natural Earth
map-list-heading =
    { $count ->
        [0] No marker in this view
        [one] One marker in this view
       *[other] { $count } markers in this view
    }
map-list-cut = The first { $max } by name; zoom in or narrow the filters for the others.
map-list-empty = Nothing with coordinates here. The table counts what has a country only.
map-table-heading = By country
map-table-empty = Nothing to count for these filters.
map-col-placed = On the map
map-col-regions = Regions
map-calls-everywhere =
    { $count ->
        [one] One open call is open to every country.
       *[other] { $count } open calls are open to every country.
    }
map-nowhere =
    { $count ->
        [one] One entry gives neither coordinates nor a country.
       *[other] { $count } entries give neither coordinates nor a country.
    }
map-download-geojson = Download as GeoJSON
map-error-view = This address asks for a view the map does not have: a zoom from 0 to 6, coordinates within the map, or a country code it draws.
map-error-filter = This address asks for a layer the map does not have: projects, organisations, events or calls.
