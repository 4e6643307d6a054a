# Knowledge resources (issue 22): the library, a resource's page, its form and its files.

resources-nav = Library
resources-title = Library
resources-intro = Case studies, toolkits, methods, reports, data sets and training material shared by the hubs' members, here and on the hubs this one peers with.
resources-new = Share a resource
resources-filters-heading = Filter the library
resources-search-label = Search the library
resources-search-placeholder = Words from a title, summary or text
resources-kind = Kind
resources-language = Language
resources-licence = Licence
resources-filter-project = Related project
resources-filter-author = Author
resources-filter-publisher = Shared by
resources-filter-local = Only resources shared on this hub
resources-total =
    { $count ->
        [one] { $count } resource
       *[other] { $count } resources
    }
resources-empty = No resource matches. Try fewer filters or other words.
resources-pagination = Pages of the library
resources-export = Download these resources:
resources-by = By { $names }
resources-by-label = By
resources-files =
    { $count ->
        [one] { $count } file
       *[other] { $count } files
    }
resources-shared-by = Shared by
resources-edited = edited { $date }
resources-of-project-heading = Resources
resources-of-project-all = All resources of this project
resources-translations = Also in
resources-original = original
resources-files-heading = Files
resources-no-files = No file is attached.
resource-file-unnamed = File
resources-file-remove = Remove
resources-file-remove-label = Remove { $name }
resources-file-label = Attach a file
resources-file-hint = A PDF (up to { $size }) or a PNG, JPEG, GIF or WebP image. Up to ten files.
resources-file-name = Name shown for the file (optional)
resources-file-add = Attach
resources-facts-heading = About this resource
resources-projects = Related projects
resources-origin-note = This resource comes from another hub. Its original page:
resources-translate = Translate this resource
resources-edit = Edit
resources-delete = Delete
resources-delete-hint = Deleting removes the resource and its files here and on every hub and server it reached.

resource-form-new-title = Share a resource
resource-form-basics = The resource
resource-form-edit-title = Edit “{ $title }”
resource-form-intro = A case study, toolkit, method, report, data set or training material. Files are attached on the resource's page once it is published.
resource-form-publisher = Share as
resource-form-publisher-me = Yourself
resource-form-publisher-hint = Its followers and the peer hubs receive it. You may share as yourself or as a project or organisation you belong to.
resource-form-summary-hint = One or two sentences, shown in lists and by Mastodon.
resource-form-body = Text
resource-form-rights = Licence and authors
resource-form-licence-hint = Creative Commons licences let others reuse it on their terms; “all rights reserved” does not.
resource-form-authors = Authors
resource-form-authors-hint = One per line: @name for a member here, @name@server for someone elsewhere, or just a name.
resource-form-projects-hint = One per line: @handle of a project here, @handle@server or the address of a project elsewhere.
resource-form-languages = Languages and translations
resource-form-language = Written in
resource-form-language-hint = Language codes such as en, fr or pt.
resource-form-more-languages = Also contains
resource-form-translation-of = Translation of
resource-form-translation-hint = The address of the resource this one translates, if any: the translations are then shown together.
resource-form-files-later = You can attach PDF files and images once the resource is published.
resource-form-publish = Share

resource-error-title = Give the resource a title.
resource-error-too-long = This is too long.
resource-error-kind = Choose a kind from the list.
resource-error-licence = Choose a licence from the list.
resource-error-language = Use a language code such as en, fr or pt.
resource-error-too-many = There are too many entries here.
resource-error-code = Choose from the list.
resource-error-publisher = You may share as yourself, as a project or organisation you belong to, or (administrators) as the hub.
resource-error-author = An author could not be found: check the @name@server or the address, or write a name without @.
resource-error-project = A project could not be found: name a project with its @handle, @handle@server or address.
resource-error-translation = No resource was found at this address (a resource cannot translate itself).
resource-error-attachments-full = A resource carries at most ten files. Remove one first.
resource-error-file-type = Attach a PDF or a PNG, JPEG, GIF or WebP image.
resource-error-file-empty = Choose a file to attach.

resources-error-filter-kind = Unknown kind of resource.
resources-error-filter-theme = Unknown theme.
resources-error-filter-licence = Unknown licence.
resources-error-filter-language = Use a language code such as en, fr or pt.
resources-error-filter-publisher = No account by that name is known here.
resources-error-filter-project = No project by that name is known here.
resources-error-filter-author = No author by that name is known here.
resources-error-filter-page = There is no such page.

flash-resource-created = Your resource is shared.
flash-resource-updated = The resource is updated, here and wherever it went.
flash-resource-deleted = The resource is deleted.
flash-resource-file-added = The file is attached.
flash-resource-file-removed = The file is removed.

vocab-resourcekind-case-study = Case study
vocab-resourcekind-toolkit = Toolkit
vocab-resourcekind-method = Method
vocab-resourcekind-report = Report
vocab-resourcekind-dataset = Data set
vocab-resourcekind-training = Training material
vocab-resourcekind-other = Other
vocab-licence-cc-by = CC BY 4.0
vocab-licence-cc-by-sa = CC BY-SA 4.0
vocab-licence-cc-by-nc = CC BY-NC 4.0
vocab-licence-cc-by-nc-sa = CC BY-NC-SA 4.0
vocab-licence-cc-by-nd = CC BY-ND 4.0
vocab-licence-cc-by-nc-nd = CC BY-NC-ND 4.0
vocab-licence-cc0 = CC0 (public domain)
vocab-licence-all-rights-reserved = All rights reserved
