# Additions to the project and organisation pages: images, who can help, feeds.

## Logo et bannière

entry-image-logo-alt = Logo de { $name }
entry-image-banner-alt = Bannière de { $name }
entry-images-manage = Logo et bannière
entry-images-heading = Logo et bannière
entry-images-intro = Le logo s’affiche à côté du nom, la bannière en haut de la page. Les abonnés sur d’autres serveurs les reçoivent aussi.
entry-images-logo = Logo
entry-images-banner = Bannière
entry-images-none-logo = Pas encore de logo.
entry-images-none-banner = Pas encore de bannière.
entry-images-dimensions = { $width } × { $height } pixels
entry-images-file = Fichier image
entry-images-hint = PNG, JPEG, GIF ou WebP, { $size } au plus, 8000 pixels au plus de large et de haut.
entry-images-hint-logo = Une image carrée convient le mieux ; elle s’affiche en petit.
entry-images-hint-banner = Une image large convient le mieux, par exemple 1500 × 500 pixels.
entry-images-upload-logo = Envoyer le logo
entry-images-upload-banner = Envoyer la bannière
entry-images-remove-logo = Retirer le logo
entry-images-remove-banner = Retirer la bannière
entry-images-megabytes = { $size } Mo
entry-images-kilobytes = { $size } ko
entry-images-error-empty = Choisissez un fichier image à envoyer.
entry-images-error-too-large = L’image est trop volumineuse : la limite est de { $size }.
flash-entry-logo-saved = Logo enregistré.
flash-entry-banner-saved = Bannière enregistrée.
flash-entry-logo-removed = Logo retiré.
flash-entry-banner-removed = Bannière retirée.

## Qui peut aider

entry-helpers-heading = Qui peut aider
entry-helpers-intro = Les organisations de ce hub et d’ailleurs dont l’expertise couvre ces besoins, celles qui en couvrent le plus d’abord.
entry-helpers-empty = Aucune organisation n’indique encore d’expertise correspondant à ces besoins.
entry-helpers-covers =
    { $total ->
        [one] Couvre le besoin :
       *[other] Couvre { $covered } besoins sur { $total } :
    }
entry-helpers-elsewhere = Sur { $domain }

## Flux

entry-feed-title = { $name } : actualités (Atom)
entry-feed-link = Flux (Atom)
