# Hub peering: the hub profile and peer hubs on the admin page, the federation page,
# where remote items come from.

## The hub profile (admin page)
admin-hub-heading = Hub profile
admin-hub-hint = What this hub says about itself to the hubs it peers with, and on the federation page.
admin-hub-country = Country
admin-hub-country-hint = Two-letter ISO 3166-1 code, such as PT, EE or GB. Leave empty if the hub is not tied to a country.
admin-hub-region = Region
admin-hub-languages = Languages
admin-hub-languages-hint = Language tags separated by commas, such as en, fr, pt-BR.
admin-hub-clusters = Clusters
admin-hub-clusters-hint = Separated by commas, such as: Cities and urban development, Health and care.
admin-hub-themes = Themes
admin-hub-contact = Contact
admin-hub-contact-hint = An e-mail address or a web address.
admin-hub-save = Save the hub profile
admin-hub-logo = Hub logo
admin-hub-logo-alt = Logo of { $name }
admin-hub-logo-none = No logo yet.
admin-hub-logo-file = Image file
admin-hub-logo-hint = PNG, JPEG, GIF or WebP, at most { $size }.
admin-hub-logo-upload = Upload the logo
admin-hub-logo-remove = Remove the logo
flash-hub-profile-saved = Hub profile saved.
flash-hub-logo-saved = Hub logo saved.
flash-hub-logo-removed = Hub logo removed.
hub-error-country = Enter a two-letter ISO 3166-1 country code, such as PT or EE.
hub-error-language = Enter language tags such as en, fr or pt-BR, separated by commas.
hub-error-theme = Choose themes from the list.
hub-error-contact = Enter an e-mail address or a web address starting with https://.
hub-error-too-long = A field is too long: at most 100 characters for the region and each cluster, 20 clusters, 30 languages and 200 characters for the contact.

## Peer hubs (admin page)
admin-peers-heading = Peer hubs
admin-peers-hint = Hubs that peer share their projects, organisations, events and communities with each other.
admin-peers-domain = Domain of the other hub
admin-peers-domain-hint = For example hub.example.org. That hub's admins approve the request.
admin-peers-add = Ask to peer
admin-peers-empty = This hub does not peer with any other hub yet.
admin-peers-caption = Peer hubs and how they are doing
admin-peers-col-hub = Hub
admin-peers-col-host = Domain
admin-peers-col-country = Country
admin-peers-col-state = State
admin-peers-col-items = Items here
admin-peers-col-last-contact = Last contact
admin-peers-col-health = Deliveries
admin-peers-col-backfill = Backfill
admin-peers-col-actions = Actions
admin-peers-items = { $projects ->
        [one] one project
       *[other] { $projects } projects
    }, { $organisations ->
        [one] one organisation
       *[other] { $organisations } organisations
    }, { $events ->
        [one] one event
       *[other] { $events } events
    }, { $communities ->
        [one] one community
       *[other] { $communities } communities
    }
admin-peers-never = never
admin-peers-health-ok = OK
admin-peers-health-failing = { $count ->
    [one] Failing: { $count } failure
   *[other] Failing: { $count } failures
}
admin-peers-health-unavailable = Unavailable
admin-peers-health-last-error = Last error: { $error }
admin-peers-health-pending = { $count ->
    [one] { $count } delivery pending
   *[other] { $count } deliveries pending
}
admin-peers-backfill-items = { $count ->
    [one] { $count } item fetched
   *[other] { $count } items fetched
}
admin-peers-approve = Approve
admin-peers-reject = Refuse
admin-peers-unpeer = Unpeer
admin-peers-remove-entries = Also remove this hub's entries
admin-peers-resync = Resync
peer-state-requested = Requested
peer-state-awaiting = Awaiting approval
peer-state-active = Active
peer-state-ended = Ended
peer-backfill-none = Not started
peer-backfill-pending = In progress
peer-backfill-done = Done
peer-backfill-failed = Failed
flash-peer-requested = Peering requested. The other hub's admins decide.
flash-peer-approved = Peering approved.
flash-peer-rejected = Peering refused.
flash-peer-ended = Peering ended.
flash-peer-resync = The backfill starts again.
peering-error-domain = Enter the domain of a hub, such as hub.example.org.
peering-error-self = That is this hub's own domain.
peering-error-not-a-hub = That server is not a Tessera hub, or does not peer.
peering-error-unreachable = That hub could not be reached. Check the domain and try again later.
peering-error-already = This hub already peers with that one, or has asked to.
peering-error-not-active = Only an active peering can be resynchronised.

## Where remote items come from
origin-from-hub = from { $hub }

## The federation page
federation-nav = Federation
federation-title = Federation at a glance
federation-intro = The hubs this hub peers with, by country, and how many of their projects, organisations, events and communities can be found here.
federation-this-hub = This hub ({ $name })
federation-hubs-count = { $count ->
    [one] { $count } peer hub
   *[other] { $count } peer hubs
}
federation-map-heading = Map
federation-map-title = Items by country in Europe
federation-map-desc = A grid map of Europe: each square is a country, labelled with its ISO code and darker the more items come from hubs there. This hub's country is outlined. The table below gives the same numbers.
federation-tile-items = { $country }: { $count ->
    [one] { $count } item
   *[other] { $count } items
}
federation-tile-none = { $country }: no items
federation-legend = Legend
federation-legend-none = No items
federation-legend-few = Fewer items
federation-legend-most = Most items
federation-legend-own = This hub's country
federation-off-map = Outside the map: { $countries }
federation-chart-heading = Items per country
federation-chart-title = Items per country
federation-chart-desc = A bar chart: one bar per country, as long as the number of items from hubs there. The table below gives the same numbers.
federation-table-caption = Hubs and items by country
federation-col-country = Country
federation-col-hubs = Hubs
federation-col-projects = Projects
federation-col-organisations = Organisations
federation-col-events = Events
federation-col-communities = Communities
federation-col-total = Total
federation-unknown-country = Country not given
federation-empty = This hub does not peer with any other hub yet.
