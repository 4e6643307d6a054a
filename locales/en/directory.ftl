# The directory page: search, facets, results, export links.

directory-nav = Directory
directory-title = Directory
directory-intro = Projects and organisations of this hub and of the hubs it is connected to. Search by name or topic, then narrow the list with the filters.
directory-create-project = Add a project
directory-create-organisation = Add an organisation
directory-search-label = Search projects and organisations
directory-search-placeholder = Name, topic, place…
directory-search-button = Search
directory-local-only = Only this hub
directory-active-heading = Active filters
directory-remove-filter = Remove the filter { $filter }
directory-filter = { $facet }: { $value }
directory-clear-all = Clear all filters
directory-filters-heading = Filters
directory-selected = selected
directory-facet-kind = Type
directory-facet-country = Country
directory-facet-status = Project status
directory-facet-org-type = Type of organisation
directory-facet-theme = Theme
directory-facet-focus = Focus
directory-facet-technology = Technology
directory-facet-sdg = Sustainable Development Goal
directory-facet-language = Language
directory-facet-expertise = Expertise
directory-facet-need = Needs
directory-kind-project = Project
directory-kind-organisation = Organisation
directory-sdg = SDG { $number }: { $label }
directory-total =
    { $count ->
        [one] One entry found
       *[other] { $count } entries found
    }
directory-empty = No project or organisation matches this search. Try other words or remove a filter.
directory-local = On this hub
directory-remote = From { $host }
directory-status = Status: { $status }
directory-pagination = Pages of results
directory-previous = Previous
directory-next = Next
directory-page-of = Page { $page } of { $pages }
directory-export-heading = Open data
directory-export-intro = Download every entry of this search, with the same filters.
directory-export-csv = Download CSV
directory-export-json = Download JSON
directory-error-filter = This address holds a filter the directory does not know: a value that is not in its list, an unknown name, or a page out of range.
directory-new-search = Start a new search
