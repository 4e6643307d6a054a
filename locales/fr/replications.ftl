# Reproduction et essaimage (ticket 22, partie 5) : un projet reproduit, adapte ou s'inspire d'un autre.
replication-heading = Reproduction et essaimage
replication-empty = Aucune reproduction déclarée pour l'instant.
replication-manage = Déclarer une reproduction
replication-relation-replicates = Reproduit
replication-relation-adapts = Adapte
replication-relation-inspired_by = Inspiré de
replication-relation-replicates-hint = Le même projet, mené à nouveau ailleurs.
replication-relation-adapts-hint = La même idée, modifiée pour un autre lieu ou un autre public.
replication-relation-inspired_by-hint = Un lien plus lâche : l'autre projet vous a donné l'idée.
replication-replica-replicates = reproduit ce projet
replication-replica-adapts = adapte ce projet
replication-replica-inspired_by = s'est inspiré de ce projet
replication-replicated-in = Reproduit dans ces pays : { $countries }
replication-list-and = { $first } et { $last }
replication-replicas-heading =
    { $count ->
        [one] Un projet s'appuie sur celui-ci
       *[other] { $count } projets s'appuient sur celui-ci
    }
replication-page-title = Reproduction de { $name }
replication-page-intro = Indiquez quels projets, sur ce hub ou sur un autre, ce projet reproduit, adapte ou dont il s'inspire. Les pages des deux projets l'affichent, et le hub de l'autre projet en est informé.
replication-sources-heading = Ce sur quoi ce projet s'appuie
replication-sources-empty = Ce projet ne déclare encore aucune source.
replication-add-heading = Déclarer une source
replication-source = Projet source
replication-source-hint = Un projet de ce hub (@nom), d'un autre hub (@nom@hub.example) ou son adresse. Au plus { $max } sources.
replication-relation = Relation
replication-note = Note
replication-note-hint = Facultative, en texte brut, au plus { $max } caractères : ce que vous avez gardé, ce que vous avez changé.
replication-add-submit = Déclarer
replication-remove = Retirer…
replication-remove-confirm = Retirer le lien vers { $name }
replication-error-source-required = Indiquez le projet sur lequel celui-ci s'appuie.
replication-error-source-not-found = Aucun projet n'a été trouvé à cette adresse.
replication-error-not-project = Ce n'est pas un projet : seul un projet peut être reproduit.
replication-error-self = Un projet ne peut pas se reproduire lui-même.
replication-error-too-many = Ce projet déclare déjà le nombre maximal de sources ; retirez-en une d'abord.
replication-error-relation = Choisissez reproduit, adapte ou inspiré de.
replication-error-note-too-long = La note est trop longue.
flash-replication-added = Reproduction déclarée.
flash-replication-removed = Reproduction retirée.
directory-replicated-only = Seulement les projets qui ont été reproduits
