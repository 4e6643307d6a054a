# Ressources de connaissance (issue 22) : la bibliothèque, la page d'une ressource, son formulaire et ses fichiers.

resources-nav = Bibliothèque
resources-title = Bibliothèque
resources-intro = Études de cas, boîtes à outils, méthodes, rapports, jeux de données et supports de formation partagés par les membres des pôles, ici et sur les pôles avec lesquels celui-ci est appairé.
resources-new = Partager une ressource
resources-filters-heading = Filtrer la bibliothèque
resources-search-label = Chercher dans la bibliothèque
resources-search-placeholder = Mots d'un titre, d'un résumé ou du texte
resources-kind = Type
resources-language = Langue
resources-licence = Licence
resources-filter-project = Projet lié
resources-filter-author = Auteur ou autrice
resources-filter-publisher = Partagée par
resources-filter-local = Seulement les ressources partagées sur ce pôle
resources-total =
    { $count ->
        [one] { $count } ressource
       *[other] { $count } ressources
    }
resources-empty = Aucune ressource ne correspond. Essayez moins de filtres ou d'autres mots.
resources-pagination = Pages de la bibliothèque
resources-export = Télécharger ces ressources :
resources-by = Par { $names }
resources-by-label = Par
resources-files =
    { $count ->
        [one] { $count } fichier
       *[other] { $count } fichiers
    }
resources-shared-by = Partagée par
resources-edited = modifiée le { $date }
resources-of-project-heading = Ressources
resources-of-project-all = Toutes les ressources de ce projet
resources-translations = Aussi en
resources-original = original
resources-files-heading = Fichiers
resources-no-files = Aucun fichier n'est joint.
resource-file-unnamed = Fichier
resources-file-remove = Retirer
resources-file-remove-label = Retirer { $name }
resources-file-label = Joindre un fichier
resources-file-hint = Un PDF (jusqu'à { $size }) ou une image PNG, JPEG, GIF ou WebP. Dix fichiers au plus.
resources-file-name = Nom affiché pour le fichier (facultatif)
resources-file-add = Joindre
resources-facts-heading = À propos de cette ressource
resources-projects = Projets liés
resources-origin-note = Cette ressource vient d'un autre pôle. Sa page d'origine :
resources-translate = Traduire cette ressource
resources-edit = Modifier
resources-delete = Supprimer
resources-delete-hint = La suppression retire la ressource et ses fichiers ici et sur tous les pôles et serveurs qu'elle a atteints.

resource-form-new-title = Partager une ressource
resource-form-basics = La ressource
resource-form-edit-title = Modifier « { $title } »
resource-form-intro = Une étude de cas, une boîte à outils, une méthode, un rapport, un jeu de données ou un support de formation. Les fichiers se joignent sur la page de la ressource une fois publiée.
resource-form-publisher = Partager en tant que
resource-form-publisher-me = Vous-même
resource-form-publisher-hint = Ses abonnés et les pôles appairés la reçoivent. Vous pouvez la partager en votre nom ou au nom d'un projet ou d'une organisation dont vous êtes membre.
resource-form-summary-hint = Une ou deux phrases, affichées dans les listes et par Mastodon.
resource-form-body = Texte
resource-form-rights = Licence et auteurs
resource-form-licence-hint = Les licences Creative Commons permettent à d'autres de la réutiliser selon leurs conditions ; « tous droits réservés » ne le permet pas.
resource-form-authors = Auteurs et autrices
resource-form-authors-hint = Une personne par ligne : @nom pour un membre d'ici, @nom@serveur pour quelqu'un d'ailleurs, ou simplement un nom.
resource-form-projects-hint = Un projet par ligne : @identifiant d'un projet d'ici, @identifiant@serveur ou l'adresse d'un projet d'ailleurs.
resource-form-languages = Langues et traductions
resource-form-language = Écrite en
resource-form-language-hint = Des codes de langue comme en, fr ou pt.
resource-form-more-languages = Contient aussi
resource-form-translation-of = Traduction de
resource-form-translation-hint = L'adresse de la ressource que celle-ci traduit, le cas échéant : les traductions sont alors présentées ensemble.
resource-form-files-later = Vous pourrez joindre des fichiers PDF et des images une fois la ressource publiée.
resource-form-publish = Partager

resource-error-title = Donnez un titre à la ressource.
resource-error-too-long = C'est trop long.
resource-error-kind = Choisissez un type dans la liste.
resource-error-licence = Choisissez une licence dans la liste.
resource-error-language = Utilisez un code de langue comme en, fr ou pt.
resource-error-too-many = Il y a trop d'éléments ici.
resource-error-code = Choisissez dans la liste.
resource-error-publisher = Vous pouvez partager en votre nom, au nom d'un projet ou d'une organisation dont vous êtes membre ou (administration) au nom du pôle.
resource-error-author = Une personne n'a pas été trouvée : vérifiez le @nom@serveur ou l'adresse, ou écrivez un nom sans @.
resource-error-project = Un projet n'a pas été trouvé : indiquez un projet par son @identifiant, @identifiant@serveur ou son adresse.
resource-error-translation = Aucune ressource n'a été trouvée à cette adresse (une ressource ne peut pas se traduire elle-même).
resource-error-attachments-full = Une ressource porte dix fichiers au plus. Retirez-en un d'abord.
resource-error-file-type = Joignez un PDF ou une image PNG, JPEG, GIF ou WebP.
resource-error-file-empty = Choisissez un fichier à joindre.

resources-error-filter-kind = Type de ressource inconnu.
resources-error-filter-theme = Thème inconnu.
resources-error-filter-licence = Licence inconnue.
resources-error-filter-language = Utilisez un code de langue comme en, fr ou pt.
resources-error-filter-publisher = Aucun compte de ce nom n'est connu ici.
resources-error-filter-project = Aucun projet de ce nom n'est connu ici.
resources-error-filter-author = Aucune personne de ce nom n'est connue ici.
resources-error-filter-page = Cette page n'existe pas.

flash-resource-created = Votre ressource est partagée.
flash-resource-updated = La ressource est mise à jour, ici et partout où elle est allée.
flash-resource-deleted = La ressource est supprimée.
flash-resource-file-added = Le fichier est joint.
flash-resource-file-removed = Le fichier est retiré.

vocab-resourcekind-case-study = Étude de cas
vocab-resourcekind-toolkit = Boîte à outils
vocab-resourcekind-method = Méthode
vocab-resourcekind-report = Rapport
vocab-resourcekind-dataset = Jeu de données
vocab-resourcekind-training = Support de formation
vocab-resourcekind-other = Autre
vocab-licence-cc-by = CC BY 4.0
vocab-licence-cc-by-sa = CC BY-SA 4.0
vocab-licence-cc-by-nc = CC BY-NC 4.0
vocab-licence-cc-by-nc-sa = CC BY-NC-SA 4.0
vocab-licence-cc-by-nd = CC BY-ND 4.0
vocab-licence-cc-by-nc-nd = CC BY-NC-ND 4.0
vocab-licence-cc0 = CC0 (domaine public)
vocab-licence-all-rights-reserved = Tous droits réservés
