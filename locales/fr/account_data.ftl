# Données d’un membre : export, import, suppression (/settings/account).
account-data-title = Vos données et votre compte
account-data-link = Exporter, importer ou supprimer votre compte
export-heading = Exporter
export-intro = Votre archive contient votre profil, vos messages (en boîte d’envoi ActivityStreams), qui vous suivez et qui vous suit, les événements que vous organisez, ceux auxquels vous participez, vos adhésions à des projets et organisations, et vos images.
export-archive = Télécharger votre archive (.tar.gz)
export-following = Télécharger qui vous suivez (CSV, comme l’exporte Mastodon)
import-heading = Importer des abonnements
import-intro = Suivez les comptes d’un fichier CSV : l’export « Abonnements » de Mastodon, ou d’un autre hub. Les comptes déjà suivis le restent.
import-file = Fichier CSV
import-hint = Un compte par ligne, sous la forme utilisateur@serveur (la ligne d’en-tête du fichier de Mastodon est ignorée). 7 500 au plus.
import-submit = Importer
import-started =
    { $count ->
        [one] Un compte est en cours d’abonnement. Il apparaîtra parmi vos abonnements dès que son serveur répondra.
       *[other] { $count } comptes sont en cours d’abonnement. Ils apparaîtront parmi vos abonnements à mesure que leurs serveurs répondront.
    }
import-error-csv = Ce n’est pas un CSV d’abonnements : chaque ligne doit commencer par une adresse comme ana@example.org.
import-error-empty = Le fichier ne contient aucune adresse de compte.
import-error-too-many = Le fichier contient plus de 7 500 comptes.
account-delete-heading = Supprimer votre compte
account-delete-intro = Vos messages sont supprimés (une marque « supprimé » reste dans les fils), vos événements sont supprimés définitivement, et chaque serveur qui connaît votre compte est prié de le supprimer. Votre nom d’utilisateur ne sera donné à personne d’autre. C’est irréversible : téléchargez d’abord votre archive.
account-delete-hand-over = Confiez d’abord ceux-ci à un autre administrateur ou modérateur, ou supprimez-les :
account-delete-confirm = Saisissez votre nom d’utilisateur ({ $username }) pour confirmer
account-delete-submit = Supprimer définitivement mon compte
account-delete-error-confirm = Saisissez exactement votre nom d’utilisateur.
account-delete-error-hand-over = Confiez d’abord les projets, organisations et communautés que vous êtes seul·e à gérer.
account-delete-error-last-admin = Vous êtes le seul administrateur de ce hub : nommez d’abord quelqu’un d’autre.
flash-account-deleted = Votre compte a été supprimé. Au revoir.
move-heading = Changer de compte
move-aliases-heading = Venir ici depuis un autre compte
move-aliases-intro = Pour déplacer un compte d’un autre serveur (Mastodon, un autre hub) vers celui-ci ({ $handle }), nommez-le d’abord ici, puis lancez le déménagement sur l’autre serveur.
move-aliases-field = Vos autres comptes
move-aliases-hint = Un par ligne, sous la forme @nom@serveur. Cinq au plus.
move-aliases-save = Enregistrer
move-away-heading = Partir vers un autre compte
move-away-intro = Vos abonnés d’ici et d’ailleurs suivront le nouveau compte, et votre profil dira où vous êtes parti·e. Le nouveau compte doit d’abord nommer celui-ci comme alias (« également connu sous le nom de »).
move-target = Le nouveau compte
move-submit = Y déplacer mes abonnés
move-done = Ce compte a déménagé vers { $target }.
move-profile-moved = Ce compte a déménagé vers
move-error-unknown = Ce compte est introuvable.
move-error-self = C’est ce compte-ci.
move-error-not-alias = Le nouveau compte ne nomme pas encore celui-ci comme alias : ajoutez-le d’abord là-bas.
move-error-aliases-many = Cinq comptes au plus.
flash-aliases-saved = Vos autres comptes ont été enregistrés.
flash-moved = Vos abonnés sont en train de passer au nouveau compte.
