## La page d'état du hub (/admin/health)

health-title = État du hub
health-intro = Comment va ce hub : les envois vers les autres serveurs, les serveurs en échec, le rattrapage des hubs pairs et l'espace disque utilisé.
health-hub-heading = Ce hub
health-version = Version
health-uptime = En service depuis
health-database = Base de données
health-media = Fichiers déposés
health-pool = Connexions à la base
health-pool-value = { $open } ouvertes ({ $idle } libres) sur { $max } au plus
health-oldest = Plus ancien en attente
health-oldest-none = Rien n'attend
health-hosts-heading = Serveurs destinataires
health-state-failing = En échec
health-col-since = En échec depuis (UTC)
health-backfills-heading = Rattrapage des hubs pairs
health-backfills-empty = Ce hub n'a pas encore de hub pair.
health-col-items = Éléments reçus
health-backfill-none = Pas commencé
health-backfill-pending = En cours
health-backfill-done = Terminé
health-backfill-failed = Échoué
health-ops-heading = Métriques et sauvegardes
health-metrics-bind = Les métriques pour Prometheus sont servies à http://{ $address }/metrics.
health-metrics-token = Les métriques pour Prometheus sont servies à /metrics au collecteur qui envoie le jeton configuré.
health-metrics-off = Les métriques pour Prometheus sont désactivées : renseignez metrics.bind ou metrics.token dans la configuration pour les activer.
health-backup = Sauvegardez le hub d'une seule commande, une fois par jour (elle peut tourner pendant que le hub sert) ; restaurez hub arrêté :
health-seconds = { $n ->
    [one] { $n } seconde
   *[other] { $n } secondes
}
health-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
health-hours = { $n ->
    [one] { $n } heure
   *[other] { $n } heures
}
health-days = { $n ->
    [one] { $n } jour
   *[other] { $n } jours
}
