# Reference values for the nested fair-comparison model (src/stats/nested.ts), computed with lme4:
#   lmer(y ~ x1 + x2 + ch_phone + ch_video + ch_digital + (1 | office/counselor), REML = TRUE)
# Run from the repository root:  Rscript reference/fairness/make-nested-references.R
# Writes the datasets (CSV, gzipped) and nested-references.json beside this script.
# Packages: lme4, jsonlite, Matrix.
suppressPackageStartupMessages({ library(lme4); library(jsonlite); library(Matrix) })
out_dir <- "reference/fairness"
control <- lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12, maxfun = 1e5))
formula <- y ~ x1 + x2 + ch_phone + ch_video + ch_digital + (1 | office/counselor)

# Answers on the 1-6 scale from offices (tau_o) with counselors (tau_c) inside them. Case mix is not random:
# each office and counselor has a severity that moves the covariates and (through bias) the office's own level.
make_nested <- function(offices, counselors_per_office, answers_per_counselor, tau_o, tau_c, sigma, office_effect = NULL) {
  rows <- list()
  true_office <- if (is.null(office_effect)) rnorm(offices, sd = tau_o) else office_effect
  severity <- rnorm(offices, sd = 0.8)
  for (o in seq_len(offices)) {
    cs <- counselors_per_office(o)
    for (c in seq_len(cs)) {
      n <- answers_per_counselor(o, c)
      v <- rnorm(1, sd = tau_c)
      sev <- severity[o] + rnorm(1, sd = 0.5)
      x1 <- rbinom(n, 1, plogis(-0.5 + 0.8 * sev))
      x2 <- rbinom(n, 1, plogis(-1.5 + 0.5 * sev))
      ch <- sample(c("in_person", "phone", "video", "digital"), n, replace = TRUE,
                   prob = c(0.55, 0.2 + 0.1 * (sev > 0), 0.1, 0.15))
      latent <- 4.4 - 0.45 * x1 - 0.3 * x2 - 0.35 * (ch == "phone") - 0.1 * (ch == "video") - 0.25 * (ch == "digital") +
        true_office[o] + v + rnorm(n, sd = sigma)
      rows[[length(rows) + 1]] <- data.frame(
        office = sprintf("o%02d", o), counselor = sprintf("c%02d_%03d", o, c),
        y = pmin(6, pmax(1, round(latent))), x1 = x1, x2 = x2,
        ch_phone = as.integer(ch == "phone"), ch_video = as.integer(ch == "video"), ch_digital = as.integer(ch == "digital")
      )
    }
  }
  list(data = do.call(rbind, rows), true_office = setNames(true_office, sprintf("o%02d", seq_len(offices))))
}

nested_ref <- function(d) {
  fit <- lmer(formula, data = d, REML = TRUE, control = control)
  vc <- as.data.frame(VarCorr(fit))
  re <- ranef(fit, condVar = TRUE)
  X <- model.matrix(fit)
  mix <- colMeans(X)
  reference <- sum(fixef(fit) * mix)
  # Full conditional covariance of the random effects: σ² Λ (ΛᵀZᵀZΛ + I)⁻¹ Λᵀ, for the counselor total's SD.
  L <- getME(fit, "Lambda"); Z <- getME(fit, "Z"); q <- ncol(Z)
  S <- as.matrix(sigma(fit)^2 * L %*% solve(t(L) %*% crossprod(Z) %*% L + Diagonal(q)) %*% t(L))
  names_b <- rownames(getME(fit, "Zt")); Gp <- getME(fit, "Gp"); terms <- names(getME(fit, "flist"))
  key <- character(q)
  for (t in seq_along(terms)) key[(Gp[t] + 1):Gp[t + 1]] <- paste0(terms[t], "|", names_b[(Gp[t] + 1):Gp[t + 1]])
  ofs <- re$office; cos <- re$`counselor:office`
  office_sd <- sqrt(attr(ofs, "postVar")[1, 1, ])
  z <- qnorm(0.975)
  office_est <- reference + ofs[, 1]
  cnames <- rownames(cos); coffice <- sub("^.*:", "", cnames)
  total_sd <- sapply(seq_along(cnames), function(i) {
    a <- match(paste0("counselor:office|", cnames[i]), key); b <- match(paste0("office|", coffice[i]), key)
    sqrt(S[a, a] + S[b, b] + 2 * S[a, b])
  })
  counselor_est <- reference + ofs[coffice, 1] + cos[, 1]
  mark <- function(est, sd) ifelse(est - z * sd > reference, "higher", ifelse(est + z * sd < reference, "lower", ""))
  list(
    singular = isSingular(fit),
    fixed = unname(fixef(fit)), fixed_se = unname(sqrt(diag(as.matrix(vcov(fit))))),
    office_variance = vc$vcov[vc$grp == "office"], counselor_variance = vc$vcov[vc$grp == "counselor:office"],
    residual_variance = vc$vcov[vc$grp == "Residual"], reml_criterion = as.numeric(REMLcrit(fit)),
    reference_level = reference,
    offices = rownames(ofs), office_effect = unname(ofs[, 1]), office_sd = unname(office_sd),
    office_reliability = unname(if (vc$vcov[vc$grp == "office"] > 0) 1 - office_sd^2 / vc$vcov[vc$grp == "office"] else 0 * office_sd),
    office_mark = unname(mark(office_est, office_sd)),
    counselors = sub(":.*$", "", cnames), counselor_effect = unname(cos[, 1]),
    counselor_sd = unname(sqrt(attr(cos, "postVar")[1, 1, ])), counselor_total_sd = unname(total_sd),
    counselor_mark = unname(mark(counselor_est, total_sd))
  )
}

write_gz <- function(d, name) { gz <- gzfile(file.path(out_dir, name), "w"); write.csv(d, gz, row.names = FALSE); close(gz) }
refs <- list()

# 1. Non-random case mix at scale: 30 offices, 300 counselors of 3-585 answers, about 20,000 answers.
set.seed(20261206)
sizes <- pmax(3, pmin(585, round(rgamma(300, shape = 0.9, scale = 75))))
casemix <- make_nested(30, function(o) 10, function(o, c) sizes[(o - 1) * 10 + c], tau_o = 0.12, tau_c = 0.3, sigma = 1.0)
write_gz(casemix$data, "nested-casemix.csv.gz"); refs$casemix <- nested_ref(casemix$data)

# 2. Small counselors: most with 1-4 answers, a few larger.
set.seed(11)
small <- make_nested(12, function(o) sample(4:9, 1), function(o, c) if (c == 1) sample(20:60, 1) else sample(1:4, 1), tau_o = 0.25, tau_c = 0.4, sigma = 1.0)
write_gz(small$data, "nested-small.csv.gz"); refs$small <- nested_ref(small$data)

# 3. A singular fit: no office variance in truth, and lme4 puts it on the boundary 0.
seed <- 1
repeat {
  set.seed(seed)
  singular <- make_nested(8, function(o) 6, function(o, c) sample(5:30, 1), tau_o = 0, tau_c = 0.3, sigma = 1.0)
  r <- nested_ref(singular$data)
  if (r$singular && r$office_variance == 0) break
  seed <- seed + 1
}
write_gz(singular$data, "nested-singular.csv.gz"); refs$singular <- r; refs$singular$seed <- seed

# 4. An office of two counselors (and one of three) among ordinary ones.
set.seed(4)
two <- make_nested(9, function(o) if (o == 1) 2 else if (o == 2) 3 else 8, function(o, c) sample(10:80, 1), tau_o = 0.2, tau_c = 0.3, sigma = 1.0)
write_gz(two$data, "nested-two-counselors.csv.gz"); refs$two_counselors <- nested_ref(two$data)

# 5. Simulation: offices with known effects (half none, half ±0.25), counselors around them. R's markings per
# dataset, to compare the product's nested and old (office roll-up) markings with.
sims <- list()
for (s in 1:12) {
  set.seed(5000 + s)
  effect <- c(rep(0, 15), sample(c(-0.25, 0.25), 15, replace = TRUE))
  sim <- make_nested(30, function(o) sample(3:12, 1), function(o, c) max(1, round(rgamma(1, shape = 1.2, scale = 20))),
                     tau_o = NA, tau_c = 0.35, sigma = 1.0, office_effect = effect)
  write_gz(sim$data, sprintf("nested-sim-%02d.csv.gz", s))
  r <- nested_ref(sim$data)
  sims[[s]] <- list(offices = r$offices, office_mark = r$office_mark, true_office = unname(sim$true_office[r$offices]))
}
refs$simulation <- sims

refs$versions <- list(R = R.version.string, lme4 = as.character(packageVersion("lme4")))
writeLines(toJSON(refs, digits = NA, auto_unbox = TRUE, pretty = TRUE), file.path(out_dir, "nested-references.json"))
