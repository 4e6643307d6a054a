# Replication and scaling (issue 22, part 5): a project replicates, adapts or was inspired by another.
replication-heading = Replication and scaling
replication-empty = No replication declared yet.
replication-manage = Declare a replication
replication-relation-replicates = Replicates
replication-relation-adapts = Adapts
replication-relation-inspired_by = Inspired by
replication-relation-replicates-hint = The same project, run again somewhere else.
replication-relation-adapts-hint = The same idea, changed to fit another place or public.
replication-relation-inspired_by-hint = A looser link: the other project gave you the idea.
replication-replica-replicates = replicates this project
replication-replica-adapts = adapts this project
replication-replica-inspired_by = was inspired by this project
replication-replicated-in = Replicated in { $countries }
replication-list-and = { $first } and { $last }
replication-replicas-heading =
    { $count ->
        [one] A project builds on this one
       *[other] { $count } projects build on this one
    }
replication-page-title = Replication of { $name }
replication-page-intro = Say which projects, on this hub or on another, this project replicates, adapts or was inspired by. Both projects' pages show it, and the other project's hub is told.
replication-sources-heading = What this project builds on
replication-sources-empty = This project declares no source yet.
replication-add-heading = Declare a source
replication-source = Source project
replication-source-hint = A project of this hub (@name), of another hub (@name@hub.example) or its address. At most { $max } sources.
replication-relation = Relation
replication-note = Note
replication-note-hint = Optional, plain text, at most { $max } characters: what you kept, what you changed.
replication-add-submit = Declare
replication-remove = Remove…
replication-remove-confirm = Remove the link to { $name }
replication-error-source-required = Enter the project this one builds on.
replication-error-source-not-found = No project was found at that address.
replication-error-not-project = That is not a project: only a project can be replicated.
replication-error-self = A project cannot replicate itself.
replication-error-too-many = This project already declares the most sources allowed; remove one first.
replication-error-relation = Choose replicates, adapts or inspired by.
replication-error-note-too-long = The note is too long.
flash-replication-added = Replication declared.
flash-replication-removed = Replication removed.
directory-replicated-only = Only projects that have been replicated
