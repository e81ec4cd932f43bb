# Reference values for the staff table (src/staff/analysis.ts, compareGroupsByItem) when a group is at 0 % or
# 100 % on an item (separation), and when p is tiny. Base R only.
# Run from the repository root:  Rscript reference/staff/make-separation-references.R
# Writes beside this script:
#   separation-answers.csv   ANSWERS.csv: role + items q1..q5 (97 respondents, three roles)
#   tiny-p-answers.csv       ANSWERS.csv: role + items t1..t3 (1,900 respondents, two roles)
#   separation-references.csv  per dataset, item and group: n, positives, share, and for each tested group the
#                              log odds ratio against the reference group, its SE, z and Wald p (17 digits)
# Method (the one the product uses): per item, a group whose share of 4-5 is 0 or 1 has no finite odds ratio,
# so it is left out of that item's model and reported "not testable"; the other groups are fitted by
# glm(positive ~ group, binomial) with the reference group as baseline, Wald z test. If the reference group
# itself is at 0 or 1, no comparison with it exists and every other group is "not testable".

out_dir <- "reference/staff"

# Answers from counts: `pos` of `n` answer 4 or 5 (alternating 4, 5), the rest 1-3 (cycling).
answers_from_counts <- function(n, pos) {
  c(rep_len(c(4L, 5L), pos), rep_len(c(1L, 2L, 3L), n - pos))
}
build <- function(sizes, counts) {
  # sizes: named group sizes (rows written in this order); counts: list item -> named positives per group
  out <- data.frame(role = rep(names(sizes), sizes), stringsAsFactors = FALSE)
  for (item in names(counts)) {
    out[[item]] <- unlist(lapply(names(sizes), function(g) answers_from_counts(sizes[[g]], counts[[item]][[g]])))
  }
  out
}

sep_sizes <- c(veileder = 60, leder = 25, koordinator = 12)
sep_counts <- list(
  q1 = c(veileder = 30, leder = 22, koordinator = 12), # koordinator 100 %: leder keeps its test
  q2 = c(veileder = 45, leder = 0, koordinator = 4),   # leder 0 %: koordinator keeps its test
  q3 = c(veileder = 60, leder = 20, koordinator = 6),  # the reference group at 100 %: nothing testable
  q4 = c(veileder = 20, leder = 15, koordinator = 5),  # no separation: the ordinary three-group fit
  q5 = c(veileder = 30, leder = 25, koordinator = 0)   # both other groups separated
)
tiny_sizes <- c(veileder = 1000, leder = 900)
tiny_counts <- list(
  t1 = c(veileder = 100, leder = 810),  # p far below 1e-15
  t2 = c(veileder = 500, leder = 540),  # p around 1e-5: scientific notation
  t3 = c(veileder = 500, leder = 480)   # an ordinary p
)
datasets <- list(separation = build(sep_sizes, sep_counts), `tiny-p` = build(tiny_sizes, tiny_counts))
write.csv(datasets$separation, file.path(out_dir, "separation-answers.csv"), row.names = FALSE, quote = FALSE)
write.csv(datasets$`tiny-p`, file.path(out_dir, "tiny-p-answers.csv"), row.names = FALSE, quote = FALSE)

num <- function(x) ifelse(is.na(x), "", sprintf("%.17g", x))
rows <- list()
for (name in names(datasets)) {
  d <- datasets[[name]]
  sizes <- table(d$role)
  reference <- names(sizes)[order(-as.integer(sizes), names(sizes))][1]  # the largest group (ties by name)
  for (item in setdiff(names(d), "role")) {
    y <- as.integer(d[[item]] >= 4)
    share <- tapply(y, d$role, mean)
    separated <- names(share)[share == 0 | share == 1]
    keep <- !(d$role %in% separated)
    fit <- NULL
    if (!(reference %in% separated) && length(unique(d$role[keep])) > 1) {
      g <- relevel(factor(d$role[keep]), ref = reference)
      fit <- glm(y[keep] ~ g, family = binomial, control = glm.control(epsilon = 1e-14, maxit = 100))
      stopifnot(fit$converged)
    }
    for (grp in names(sizes)) {
      est <- se <- z <- p <- NA
      status <- if (grp == reference) "reference" else if (grp %in% separated || reference %in% separated) "not testable" else "tested"
      if (status == "tested") {
        co <- summary(fit)$coefficients[paste0("g", grp), ]
        est <- co[["Estimate"]]; se <- co[["Std. Error"]]; z <- co[["z value"]]; p <- co[["Pr(>|z|)"]]
      }
      rows[[length(rows) + 1]] <- data.frame(
        dataset = name, item = item, group = grp, n = sum(d$role == grp), positives = sum(y[d$role == grp]),
        share_positive = num(share[[grp]]), status = status,
        log_odds_ratio = num(est), se = num(se), z = num(z), p_value = num(p), stringsAsFactors = FALSE
      )
    }
  }
}
ref <- do.call(rbind, rows)
con <- file(file.path(out_dir, "separation-references.csv"), "w")
writeLines(c(
  "# Made by: Rscript reference/staff/make-separation-references.R",
  paste0("# ", R.version.string, "; glm(binomial), Wald z; separated groups left out of the item's model")
), con)
write.csv(ref, con, row.names = FALSE, quote = FALSE)
close(con)
print(ref)
