# Reference values for the TypeScript statistics core (src/stats), computed with established R packages.
# Run from the repository root:  Rscript reference/stats/make-references.R
# Writes the datasets (CSV, the large one gzipped) and references.json beside this script.
# Packages: lme4, psych, GPArotation (for psych), jsonlite, sandwich (cross-check of the HC1 formula).
suppressPackageStartupMessages({
  library(lme4); library(psych); library(jsonlite); library(sandwich)
})
set.seed(20261123)
out_dir <- "reference/stats"
digits <- NA  # jsonlite: full precision

# ---- 1. regression data (OLS with heteroskedastic errors, logistic with a three-level group) ----
n_reg <- 2000
reg <- data.frame(
  x1 = rnorm(n_reg),
  x2 = runif(n_reg, -1, 1),
  group = sample(c("a", "b", "c"), n_reg, replace = TRUE, prob = c(0.5, 0.3, 0.2))
)
reg$y <- 1 + 0.5 * reg$x1 - 0.8 * reg$x2 + ifelse(reg$group == "b", 0.3, ifelse(reg$group == "c", -0.4, 0)) +
  rnorm(n_reg, sd = 0.5 + abs(reg$x1))
eta <- -0.3 + 0.7 * reg$x1 + 0.4 * reg$x2 + ifelse(reg$group == "b", 0.5, ifelse(reg$group == "c", -0.6, 0))
reg$yb <- rbinom(n_reg, 1, plogis(eta))
reg$gb <- as.integer(reg$group == "b"); reg$gc <- as.integer(reg$group == "c")
write.csv(reg[, c("x1", "x2", "gb", "gc", "y", "yb")], file.path(out_dir, "regression.csv"), row.names = FALSE)

lm_fit <- lm(y ~ x1 + x2 + gb + gc, data = reg)
X <- model.matrix(lm_fit); e <- residuals(lm_fit); nn <- nrow(X); pp <- ncol(X)
bread <- solve(crossprod(X))
hc1 <- bread %*% crossprod(X * e) %*% bread * nn / (nn - pp)   # HC1 by formula
stopifnot(max(abs(hc1 - vcovHC(lm_fit, type = "HC1"))) < 1e-12)
ols_ref <- list(
  coefficients = unname(coef(lm_fit)), robust_se = unname(sqrt(diag(hc1))),
  classical_se = unname(sqrt(diag(vcov(lm_fit)))), r_squared = summary(lm_fit)$r.squared,
  sigma2 = summary(lm_fit)$sigma^2
)

glm_ctl <- glm.control(epsilon = 1e-14, maxit = 100)
glm_fit <- glm(yb ~ x1 + x2 + gb + gc, data = reg, family = binomial, control = glm_ctl)
glm_reduced <- glm(yb ~ x1 + x2, data = reg, family = binomial, control = glm_ctl)
lr <- anova(glm_reduced, glm_fit, test = "LRT")
sm <- summary(glm_fit)$coefficients
group_fit <- glm(yb ~ gb + gc, data = reg, family = binomial, control = glm_ctl)
logit_ref <- list(
  coefficients = unname(sm[, 1]), se = unname(sm[, 2]), z = unname(sm[, 3]), p = unname(sm[, 4]),
  deviance = deviance(glm_fit), null_deviance = glm_fit$null.deviance, loglik = as.numeric(logLik(glm_fit)),
  lr_statistic = lr$Deviance[2], lr_df = lr$Df[2], lr_p = lr$`Pr(>Chi)`[2],
  group_predicted = unname(predict(group_fit, newdata = data.frame(gb = c(0, 1, 0), gc = c(0, 0, 1)), type = "response")),
  group_p = unname(summary(group_fit)$coefficients[, 4])
)

# ---- 2. mixed model: a small unbalanced set and a large one (100,000 answers, 400 units) ----
make_mixed <- function(units, n_answers, tau, sigma) {
  unit_n <- as.vector(rmultinom(1, n_answers, prob = rgamma(units, 2)))
  unit_n[unit_n == 0] <- 1
  unit <- rep(seq_len(units), unit_n)
  severity_bias <- rnorm(units, sd = 0.7)   # some units see more severe cases (non-random assignment)
  x1 <- rnorm(length(unit), mean = severity_bias[unit])
  x2 <- rbinom(length(unit), 1, plogis(0.3 * severity_bias[unit]))
  u <- rnorm(units, sd = tau)
  y <- 3.8 - 0.35 * x1 + 0.25 * x2 + u[unit] + rnorm(length(unit), sd = sigma)
  data.frame(unit = sprintf("u%04d", unit), x1 = x1, x2 = x2, y = y)
}
mixed_ref <- function(d) {
  fit <- lmer(y ~ x1 + x2 + (1 | unit), data = d, REML = TRUE,
              control = lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12, maxfun = 1e5)))
  re <- ranef(fit, condVar = TRUE)$unit
  vc <- as.data.frame(VarCorr(fit))
  list(
    fixed = unname(fixef(fit)), fixed_se = unname(sqrt(diag(as.matrix(vcov(fit))))),
    between = vc$vcov[vc$grp == "unit"], within = vc$vcov[vc$grp == "Residual"],
    reml_criterion = as.numeric(REMLcrit(fit)),
    units = rownames(re), effects = unname(re[, 1]),
    cond_sd = unname(sqrt(attr(re, "postVar")[1, 1, ]))
  )
}
small <- make_mixed(30, 600, tau = 0.4, sigma = 1)
write.csv(small, file.path(out_dir, "mixed-small.csv"), row.names = FALSE)
large <- make_mixed(400, 100000, tau = 0.25, sigma = 1.1)
gz <- gzfile(file.path(out_dir, "mixed-large.csv.gz"), "w"); write.csv(large, gz, row.names = FALSE); close(gz)
# A set with no between-unit variance: REML should put it at (or next to) the boundary 0.
flat <- make_mixed(20, 400, tau = 0, sigma = 1)
write.csv(flat, file.path(out_dir, "mixed-flat.csv"), row.names = FALSE)

large$yb <- as.integer(large$y >= 4)
glm_large <- glm(yb ~ x1 + x2, data = large, family = binomial, control = glm_ctl)
lm_large <- lm(y ~ x1 + x2, data = large)
Xl <- model.matrix(lm_large); el <- residuals(lm_large)
hc1_large <- vcovHC(lm_large, type = "HC1")

# ---- 3. item block: 8 items, two factors, answers 1-5 with some non-response ----
n_items <- 900
f1 <- rnorm(n_items); f2 <- 0.3 * f1 + sqrt(1 - 0.09) * rnorm(n_items)
load1 <- c(0.8, 0.75, 0.7, 0.65, 0.1, 0.2, 0.15, 0.05)
load2 <- c(0.1, 0.05, 0.2, 0.15, 0.8, 0.7, 0.6, 0.55)
items <- sapply(1:8, function(j) {
  latent <- load1[j] * f1 + load2[j] * f2 + rnorm(n_items, sd = sqrt(1 - load1[j]^2 - load2[j]^2 - 0.6 * load1[j] * load2[j]))
  as.integer(cut(latent, breaks = c(-Inf, -1.3, -0.4, 0.4, 1.2, Inf)))
})
colnames(items) <- paste0("q", 1:8)
items_missing <- items
items_missing[sample(length(items_missing), 60)] <- NA
write.csv(items_missing, file.path(out_dir, "items.csv"), row.names = FALSE, na = "")
complete <- na.omit(as.data.frame(items_missing))

a <- psych::alpha(complete[, 1:4], warnings = FALSE)
pc <- psych::principal(complete, nfactors = 2, rotate = "varimax")
pc_none <- psych::principal(complete, nfactors = 2, rotate = "none")
pa_none <- psych::fa(complete, nfactors = 2, fm = "pa", rotate = "none", min.err = 1e-13, max.iter = 1000, SMC = TRUE)
tight <- function(L) unclass(varimax(unclass(L), normalize = TRUE, eps = 1e-14)$loadings)
sorted_signed <- function(L) {
  L <- unclass(L); ss <- colSums(L^2); L <- L[, order(-ss), drop = FALSE]
  sweep(L, 2, ifelse(colSums(L) < 0, -1, 1), "*")
}
factor_ref <- list(
  alpha_raw = a$total$raw_alpha, alpha_std = a$total$std.alpha, alpha_average_r = a$total$average_r, alpha_n = nrow(complete),
  eigenvalues = eigen(cor(complete))$values,
  pc_loadings = sorted_signed(tight(pc_none$loadings)),
  # psych's own varimax is stats::varimax with eps = 1e-5, which stops early; pc_loadings is converged.
  pc_loadings_psych = sorted_signed(pc$loadings),
  pc_communalities = unname(pc$communality),
  pa_loadings_unrotated = sorted_signed(pa_none$loadings),
  pa_loadings = sorted_signed(tight(pa_none$loadings)),
  pa_communalities = unname(pa_none$communality)
)

# ---- 4. cross-tables ----
tab34 <- matrix(c(30, 12, 8, 15, 22, 19, 11, 9, 25, 14, 18, 7), nrow = 3, byrow = TRUE)
tab22 <- matrix(c(1, 6, 7, 3), nrow = 2)  # expected counts below 5: chisq.test warns
c34 <- suppressWarnings(chisq.test(tab34, correct = FALSE))
c22 <- suppressWarnings(chisq.test(tab22, correct = FALSE))
c22y <- suppressWarnings(chisq.test(tab22, correct = TRUE))
chisq_ref <- list(
  table34 = tab34, table22 = tab22,
  stat34 = unname(c34$statistic), df34 = unname(c34$parameter), p34 = c34$p.value, expected34 = unname(c34$expected),
  stat22 = unname(c22$statistic), p22 = c22$p.value, stat22_yates = unname(c22y$statistic), p22_yates = c22y$p.value
)

refs <- list(
  generated_with = list(R = R.version.string, lme4 = as.character(packageVersion("lme4")), psych = as.character(packageVersion("psych")), seed = 20261123),
  ols = ols_ref, logistic = logit_ref,
  mixed_small = mixed_ref(small), mixed_large = mixed_ref(large), mixed_flat = mixed_ref(flat),
  large_glm = list(coefficients = unname(coef(glm_large)), se = unname(sqrt(diag(vcov(glm_large)))), deviance = deviance(glm_large)),
  large_lm = list(coefficients = unname(coef(lm_large)), robust_se = unname(sqrt(diag(hc1_large)))),
  factor = factor_ref, chisq = chisq_ref
)
writeLines(toJSON(refs, digits = digits, auto_unbox = TRUE, matrix = "rowmajor", pretty = TRUE), file.path(out_dir, "references.json"))
cat("wrote", file.path(out_dir, "references.json"), "\n")
