#!/usr/bin/env python3
"""Reference values for tlrun's transferability measures (Tests/Fixtures/measures.json), computed with NumPy alone and
written independently of the Swift code: LogME by its matrix form (A = aI + b FᵀF, m = b A⁻¹Fᵀy, log|A| by slogdet)
instead of an eigendecomposition; k-NN by brute force; LEEP and NCE from their definitions; the Fréchet distance through
the eigenvalues of the non-symmetric product Σ₁Σ₂.

    .build/onnx-venv/bin/python Tests/Fixtures/make_measures.py   (numpy; scripts/setup.sh makes that venv)
"""
import json
import math
import os

import numpy as np


def logme(features, labels, classes):
    f = features.astype(np.float64)
    n, d = f.shape
    ftf = f.T @ f
    total = 0.0
    for c in range(classes):
        y = (labels == c).astype(np.float64)
        alpha, beta = 1.0, 1.0

        def state(alpha, beta):
            a = alpha * np.eye(d) + beta * ftf
            inverse = np.linalg.inv(a)
            m = beta * inverse @ f.T @ y
            gamma = d - alpha * np.trace(inverse)
            return a, m, gamma

        for _ in range(11):
            ratio = alpha / beta
            _, m, gamma = state(alpha, beta)
            m2 = float(m @ m)
            residual = float(np.sum((f @ m - y) ** 2))
            alpha = gamma / (m2 + 1e-5)
            beta = (n - gamma) / (residual + 1e-5)
            if abs(alpha / beta - ratio) / ratio < 1e-3:
                break
        a, m, _ = state(alpha, beta)
        m2 = float(m @ m)
        residual = float(np.sum((f @ m - y) ** 2))
        _, logdet = np.linalg.slogdet(a)
        evidence = d / 2 * math.log(alpha) + n / 2 * math.log(beta) - 0.5 * logdet - beta / 2 * residual - alpha / 2 * m2 \
            - n / 2 * math.log(2 * math.pi)
        total += evidence / n
    return total / classes


def knn_leave_one_out(features, labels, classes, k):
    f = features.astype(np.float64)
    norms = np.linalg.norm(f, axis=1)
    norms[norms == 0] = 1
    unit = f / norms[:, None]
    similarity = unit @ unit.T
    correct = 0
    for i in range(len(labels)):
        order = sorted((j for j in range(len(labels)) if j != i), key=lambda j: (-similarity[i, j], j))[:k]
        votes = np.bincount(labels[order], minlength=classes)
        winner = next(labels[j] for j in order if votes[labels[j]] == votes.max())
        correct += winner == labels[i]
    return correct / len(labels)


def source_label_scores(probabilities, labels, classes):
    n, z = probabilities.shape
    joint = np.zeros((classes, z))
    for i, y in enumerate(labels):
        joint[y] += probabilities[i] / n
    conditional = joint / joint.sum(axis=0, keepdims=True)
    leep = float(np.mean([math.log(conditional[y] @ probabilities[i]) for i, y in enumerate(labels)]))
    predicted = probabilities.argmax(axis=1)
    hard = np.zeros((classes, z))
    for y, p in zip(labels, predicted):
        hard[y, p] += 1 / n
    pz = hard.sum(axis=0)
    h_y_given_z = -sum(hard[y, p] * math.log(hard[y, p] / pz[p]) for y in range(classes) for p in range(z) if hard[y, p] > 0)
    py = np.bincount(labels, minlength=classes) / n
    h_y = -sum(p * math.log(p) for p in py if p > 0)
    return {"leep": leep, "nce": -h_y_given_z, "explained": 1 - h_y_given_z / h_y}


def frechet(first, second):
    a, b = first.astype(np.float64), second.astype(np.float64)
    s1, s2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    cross = np.sum(np.sqrt(np.clip(np.linalg.eigvals(s1 @ s2).real, 0, None)))
    distance = float(np.sum((a.mean(0) - b.mean(0)) ** 2) + np.trace(s1) + np.trace(s2) - 2 * cross)
    return {"distance": distance, "relative": distance / float(np.trace(s1) + np.trace(s2))}


def main():
    rng = np.random.default_rng(7)
    cases = []
    # Features with class structure (class means plus noise, ReLU as a network's would be), wide and narrow.
    for name, n, d, classes, k, spread in [("narrow", 90, 12, 3, 5, 1.5), ("wide", 40, 64, 4, 3, 0.3), ("binary", 30, 6, 2, 1, 0.6)]:
        labels = np.arange(n) % classes
        rng.shuffle(labels)
        means = rng.normal(0, spread, size=(classes, d))
        features = np.maximum(means[labels] + rng.normal(0, 1, size=(n, d)), 0).astype(np.float32)
        cases.append({"name": name, "rows": n, "columns": d, "classes": classes, "k": k,
                      "features": features.ravel().tolist(), "labels": labels.tolist(),
                      "logme": logme(features, labels, classes), "knn": knn_leave_one_out(features, labels, classes, k)})
    labels = np.arange(60) % 4
    logits = rng.normal(0, 2, size=(60, 5)) + 3 * np.eye(5)[(labels + 1) % 5]
    probabilities = np.exp(logits - logits.max(1, keepdims=True))
    probabilities /= probabilities.sum(1, keepdims=True)
    first = rng.normal(0, 1, size=(80, 5)).astype(np.float32)
    second = (rng.normal(0.5, 1, size=(70, 5)) @ rng.normal(0, 0.7, size=(5, 5))).astype(np.float32)
    out = {
        "cases": cases,
        "source_labels": {"labels": labels.tolist(), "source_classes": 5, "classes": 4,
                          "probabilities": probabilities.ravel().tolist(), **source_label_scores(probabilities, labels, 4)},
        "frechet": {"columns": 5, "first": first.ravel().tolist(), "second": second.ravel().tolist(), **frechet(first, second)},
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "measures.json")
    with open(path, "w") as f:
        json.dump(out, f)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
