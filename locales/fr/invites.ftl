# Liens d'invitation : la page d'administration /admin/invites, le formulaire d'inscription, les refus.
admin-mode-invite = Sur invitation (seulement avec un lien d’invitation)
admin-invites-link = Liens d’invitation : les créer, les suivre, les révoquer
home-join-invite = L’inscription se fait sur invitation : demandez un lien d’invitation à l’équipe du hub.
invites-title = Liens d’invitation
invites-back = Retour à la page d’administration
invites-mode-invite = L’inscription se fait sur invitation : seules les personnes ayant un lien d’invitation peuvent créer un compte.
invites-mode-approval = Les inscriptions sont approuvées par un administrateur ; une personne munie d’un lien d’invitation entre tout de suite.
invites-mode-open = L’inscription est ouverte à tous : les liens d’invitation ne sont pas nécessaires pour l’instant.
invites-mode-closed = L’inscription est fermée : les liens d’invitation ne fonctionnent pas tant que vous ne choisissez pas « sur invitation » ou un autre mode sur la page d’administration.
invites-new-heading = Nouveau lien d’invitation
invites-expires = Expire
invites-expires-days = { $days ->
    [one] au bout d’un jour
   *[other] au bout de { $days } jours
}
invites-expires-never = Jamais
invites-max-uses = Utilisable
invites-max-uses-n = { $count ->
    [one] une fois
   *[other] { $count } fois
}
invites-max-uses-unlimited = Sans limite
invites-create = Créer le lien
invites-list-heading = Liens créés
invites-caption = Liens d’invitation, les plus récents d’abord
invites-col-link = Lien
invites-col-created = Créé
invites-col-expires = Expire
invites-col-uses = Utilisé
invites-col-state = État
invites-col-actions = Actions
invites-revoke = Révoquer
invites-empty = Aucun lien d’invitation pour l’instant.
invites-uses-of = { $uses } sur { $max }
invites-uses-unlimited = { $uses } (sans limite)
invites-state-active = Actif
invites-state-expired = Expiré
invites-state-revoked = Révoqué
invites-state-used-up = Épuisé
flash-invite-created = Lien d’invitation créé : copiez-le dans la liste ci-dessous.
flash-invite-revoked = Lien d’invitation révoqué.
invite-error-expiry = Choisissez dans la liste quand le lien expire.
invite-error-max-uses = Choisissez dans la liste combien de fois le lien peut servir.
invite-error-required = L’inscription se fait sur invitation : saisissez le code de votre lien d’invitation.
invite-error-unknown = Ce code d’invitation est inconnu ici. Vérifiez le lien que vous avez reçu.
invite-error-expired = Ce lien d’invitation a expiré. Demandez-en un nouveau à la personne qui vous l’a envoyé.
invite-error-revoked = Ce lien d’invitation a été retiré. Demandez-en un nouveau à la personne qui vous l’a envoyé.
invite-error-used-up = Ce lien d’invitation a déjà servi autant de fois qu’il le permet. Demandez-en un nouveau à la personne qui vous l’a envoyé.
signup-invite = Code d’invitation
signup-invite-hint = Le code à la fin de votre lien d’invitation, rempli quand vous ouvrez le lien.
signup-invite-note = L’inscription ici se fait sur invitation : il vous faut un lien d’invitation de l’équipe du hub.
signup-invite-skips-approval = Vous vous inscrivez avec un lien d’invitation : votre compte est prêt tout de suite.
