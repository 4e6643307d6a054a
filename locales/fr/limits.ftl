# Limites de fréquence (src/limits.rs) : la page d'une requête refusée (429).
error-title-rate-limited = Trop de requêtes
error-rate-limited-wait = Vous avez fait cela trop souvent en peu de temps. Veuillez patienter { $minutes ->
        [0] { $seconds ->
            [one] une seconde
           *[other] { $seconds } secondes
        }
        [one] une minute
       *[other] { $minutes } minutes
    } puis réessayer.
