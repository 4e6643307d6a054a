# Country and theme dashboards (issue 23, part 3).
dashboard-title-all = Dashboard of the whole directory
dashboard-title-of = Dashboard: { $subject }
dashboard-intro = What this hub knows of the ecosystem: its own entries and complete copies of its peers' directories, counted for planning capacity building and advocacy. Choose a country, a theme or both; the address of the page is a permalink.
dashboard-country = Country
dashboard-any-country = Every country
dashboard-theme = Theme
dashboard-any-theme = Every theme
dashboard-kind = Kind
dashboard-any-kind = Projects and organisations
dashboard-show = Show
dashboard-summary =
    { $entries ->
        [one] One entry
       *[other] { $entries } entries
    } ({ $projects ->
        [one] one project
       *[other] { $projects } projects
    }, { $organisations ->
        [one] one organisation
       *[other] { $organisations } organisations
    }).
dashboard-from-hubs = From { $hubs }.
dashboard-hub-count = { $hub } ({ $count })
dashboard-permalink = Permalink
dashboard-download-csv = Download CSV
dashboard-download-json = Download JSON
dashboard-figure-project-status = Projects by status
dashboard-figure-project-theme = Projects by theme
dashboard-figure-organisation-type = Organisations by type
dashboard-figure-sdg = Sustainable Development Goals covered
dashboard-figure-language = Languages
dashboard-figure-created = Entries created per quarter
dashboard-figure-desc =
    { $count ->
        [one] Counted over one entry.
       *[other] Counted over { $count } entries.
    }
dashboard-figure-sources =
    { $count ->
        [one] One entry, from { $hubs }.
       *[other] { $count } entries, from { $hubs }.
    }
dashboard-figure-empty = Nothing to count here yet.
dashboard-bar = { $label }: { $count }
dashboard-table-of = Table: { $figure }
dashboard-col-value = Value
dashboard-col-count = Entries
dashboard-not-given = Not given
dashboard-earlier = Earlier
dashboard-needs-heading = Needs and who can meet them
dashboard-needs-intro = For each need these entries state, the organisations whose expertise offers it: in the same country, in other countries this hub or its peers cover, or nobody (a gap to plan capacity building for).
dashboard-needs-empty = No entry here states a need yet.
dashboard-gaps =
    { $count ->
        [0] Every need has someone who offers it.
        [one] One need has nobody offering it.
       *[other] { $count } needs have nobody offering them.
    }
dashboard-col-need = Need
dashboard-col-needed-by = Needed by
dashboard-col-same-country = Offered in the same country
dashboard-col-other-countries = Offered in other countries
dashboard-col-coverage = Coverage
dashboard-coverage-same-country = Met in the country
dashboard-coverage-other-countries = Met elsewhere only
dashboard-coverage-nobody = Gap
dashboard-link = Dashboard of these entries
