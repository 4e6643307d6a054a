# Rate limits (src/limits.rs): the page of a refused request (429).
error-title-rate-limited = Too many requests
error-rate-limited-wait = You have done that too often in a short time. Please wait { $minutes ->
        [0] { $seconds ->
            [one] one second
           *[other] { $seconds } seconds
        }
        [one] a minute
       *[other] { $minutes } minutes
    } and try again.
