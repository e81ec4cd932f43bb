# Makes the reference outputs that test/qmethod compares our analysis core against.
# Runs the R package qmethod (https://github.com/aiorazabala/qmethod, v1.8.4) on:
#   - lipset: the package's own example data (33 statements x 9 sorts, grid -4..+4);
#   - sim40:  a seeded simulated study, 36 statements x 40 sorts on the seed-004 grid (-5..+5),
#             four viewpoints plus noise;
#   - sim60:  a seeded simulated study, 33 statements x 60 sorts on the lipset grid, three viewpoints.
#   - unflagged16: a seeded simulated study, 33 statements x 16 sorts on the lipset grid, made so that
#             a third factor gets no flagged sort: 6 sorts hold viewpoint A, 6 hold B, and 4 hold A or B
#             plus a little of a third viewpoint C (weights .75 and .45), never enough to flag them on it.
#             R leaves factor 3's scores NA (with warnings) in all four runs.
# For each dataset and extraction (PCA, centroid) with varimax rotation, and also without rotation,
# it writes loadings, flags, z-scores, factor arrays, factor characteristics, and the
# distinguishing/consensus table as CSV, and R's warnings about flags (if any) to warnings.txt.
#
# Usage (R, with qmethod installed into a private library, e.g. R CMD INSTALL -l /tmp/rlib <source>):
#   Rscript reference/qmethod/make-references.R /tmp/rlib
# Run from the repository root. Output: reference/qmethod/<dataset>/...
args <- commandArgs(trailingOnly = TRUE)
if (length(args) >= 1) .libPaths(c(args[1], .libPaths()))
suppressPackageStartupMessages(library(qmethod))
out_root <- "reference/qmethod"

# Forces a vector of latent values onto the grid: the lowest value gets the lowest grid position, etc.
to_grid <- function(values, grid) {
  sorted_grid <- sort(grid)
  result <- numeric(length(values))
  result[order(values)] <- sorted_grid
  result
}

simulate_study <- function(seed, grid, nsorts, nviews) {
  set.seed(seed)
  nstat <- length(grid)
  views <- matrix(rnorm(nstat * nviews), nrow = nstat)
  sorts <- sapply(seq_len(nsorts), function(i) {
    view <- ((i - 1) %% nviews) + 1
    weight <- runif(1, 0.5, 0.9)
    latent <- weight * views[, view] + sqrt(1 - weight^2) * rnorm(nstat)
    to_grid(latent, grid)
  })
  colnames(sorts) <- sprintf("p%02d", seq_len(nsorts))
  rownames(sorts) <- sprintf("s%02d", seq_len(nstat))
  as.data.frame(sorts)
}

# Viewpoint A or B for most sorts, and for the last `nmix` also some of viewpoint C.
simulate_unflagged <- function(seed, grid, na, nb, nmix, wmix) {
  set.seed(seed)
  nstat <- length(grid)
  views <- matrix(rnorm(nstat * 3), nrow = nstat)
  make_sort <- function(weights) {
    latent <- views %*% weights + sqrt(max(0, 1 - sum(weights^2))) * rnorm(nstat)
    to_grid(latent, grid)
  }
  sorts <- cbind(sapply(seq_len(na), function(i) make_sort(c(runif(1, .75, .9), 0, 0))),
                 sapply(seq_len(nb), function(i) make_sort(c(0, runif(1, .75, .9), 0))),
                 sapply(seq_len(nmix), function(i) make_sort(c(if (i %% 2) .75 else 0, if (i %% 2) 0 else .75, wmix))))
  colnames(sorts) <- sprintf("p%02d", seq_len(ncol(sorts)))
  rownames(sorts) <- sprintf("s%02d", seq_len(nstat))
  as.data.frame(sorts)
}

write_matrix <- function(m, path, id_name) {
  df <- data.frame(id = rownames(m), as.data.frame(m), check.names = FALSE, stringsAsFactors = FALSE)
  names(df)[1] <- id_name
  write.csv(df, path, row.names = FALSE, quote = TRUE)
}

data(lipset)
lipset_sorts <- lipset[[1]]
rownames(lipset_sorts) <- sprintf("s%02d", seq_len(nrow(lipset_sorts)))

seed004_grid <- rep(-5:5, times = c(1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1))
lipset_grid <- sort(lipset_sorts[, 1])

datasets <- list(
  lipset = list(sorts = lipset_sorts, nfactors = 3),
  sim40 = list(sorts = simulate_study(40, seed004_grid, 40, 4), nfactors = 4),
  sim60 = list(sorts = simulate_study(60, lipset_grid, 60, 3), nfactors = 3),
  unflagged16 = list(sorts = simulate_unflagged(4, lipset_grid, 6, 6, 4, .45), nfactors = 3)
)

runs <- list(
  list(name = "pca-varimax", extraction = "PCA", rotation = "varimax"),
  list(name = "centroid-varimax", extraction = "centroid", rotation = "varimax"),
  list(name = "pca-none", extraction = "PCA", rotation = "none"),
  list(name = "centroid-none", extraction = "centroid", rotation = "none")
)

for (dname in names(datasets)) {
  d <- datasets[[dname]]
  dir.create(file.path(out_root, dname), showWarnings = FALSE, recursive = TRUE)
  write_matrix(as.matrix(d$sorts), file.path(out_root, dname, "sorts.csv"), "statement")
  for (run in runs) {
    flag_warnings <- character(0)
    res <- withCallingHandlers(
      qmethod(d$sorts, nfactors = d$nfactors, extraction = run$extraction, rotation = run$rotation, silent = TRUE),
      warning = function(w) {
        # Keeps the warnings about factors without flags; others (rotation, negative loadings) are dropped.
        if (grepl("no flag", conditionMessage(w))) flag_warnings <<- c(flag_warnings, conditionMessage(w))
        invokeRestart("muffleWarning")
      })
    dir <- file.path(out_root, dname, run$name)
    dir.create(dir, showWarnings = FALSE)
    if (length(flag_warnings) > 0) writeLines(flag_warnings, file.path(dir, "warnings.txt"))
    nf <- d$nfactors
    fnames <- paste0("f", seq_len(nf))
    loa <- as.matrix(res$loa); colnames(loa) <- fnames
    flags <- as.matrix(res$flagged); colnames(flags) <- fnames
    zsc <- as.matrix(res$zsc); colnames(zsc) <- fnames
    arrays <- as.matrix(res$zsc_n); colnames(arrays) <- fnames
    write_matrix(loa, file.path(dir, "loadings.csv"), "participant")
    write_matrix(ifelse(flags, "true", "false"), file.path(dir, "flags.csv"), "participant")
    write_matrix(zsc, file.path(dir, "zscores.csv"), "statement")
    write_matrix(arrays, file.path(dir, "arrays.csv"), "statement")
    write_matrix(as.matrix(res$f_char$characteristics), file.path(dir, "characteristics.csv"), "factor")
    write_matrix(as.matrix(res$f_char$cor_zsc), file.path(dir, "zscore-correlations.csv"), "factor")
    qdc <- res$qdc
    write.csv(data.frame(statement = rownames(qdc), qdc, check.names = FALSE),
              file.path(dir, "distinguishing-consensus.csv"), row.names = FALSE, quote = TRUE)
  }
}
writeLines(c(paste0("qmethod ", as.character(packageVersion("qmethod"))),
             paste0("psych ", as.character(packageVersion("psych"))),
             R.version.string),
           file.path(out_root, "VERSIONS.txt"))
