# Additions to the project and organisation pages: images, who can help, feeds.

## Logo and banner

entry-image-logo-alt = Logo of { $name }
entry-image-banner-alt = Banner of { $name }
entry-images-manage = Logo and banner
entry-images-heading = Logo and banner
entry-images-intro = The logo shows next to the name, the banner across the top of the page. Followers on other servers receive them too.
entry-images-logo = Logo
entry-images-banner = Banner
entry-images-none-logo = No logo yet.
entry-images-none-banner = No banner yet.
entry-images-dimensions = { $width } × { $height } pixels
entry-images-file = Image file
entry-images-hint = PNG, JPEG, GIF or WebP, at most { $size } and 8000 pixels wide and high.
entry-images-hint-logo = A square image works best; it is shown small.
entry-images-hint-banner = A wide image works best, for example 1500 × 500 pixels.
entry-images-upload-logo = Upload logo
entry-images-upload-banner = Upload banner
entry-images-remove-logo = Remove logo
entry-images-remove-banner = Remove banner
entry-images-megabytes = { $size } MB
entry-images-kilobytes = { $size } KB
entry-images-error-empty = Choose an image file to upload.
entry-images-error-too-large = The image is too large: the limit is { $size }.
flash-entry-logo-saved = Logo saved.
flash-entry-banner-saved = Banner saved.
flash-entry-logo-removed = Logo removed.
flash-entry-banner-removed = Banner removed.

## Who can help

entry-helpers-heading = Who can help
entry-helpers-intro = Organisations on this hub and elsewhere whose expertise covers these needs, those covering the most first.
entry-helpers-empty = No organisation lists expertise matching these needs yet.
entry-helpers-covers =
    { $total ->
        [one] Covers the need:
       *[other] Covers { $covered } of { $total } needs:
    }
entry-helpers-elsewhere = On { $domain }

## Feeds

entry-feed-title = { $name }: updates (Atom)
entry-feed-link = Feed (Atom)
