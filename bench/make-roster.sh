#!/usr/bin/env bash
# Writes a roster of N rows alternating between the two example prescriptions.
# usage: bench/make-roster.sh N OUT.csv   (prescriptions resolve against OUT's folder)
set -euo pipefail
n="$1"; out="$2"
first=(José Zoë Łukasz Siobhán Amélie Bjørn Chloé Dmitri Fatma Grace Héctor Ngozi Søren Priya Mateo Aoife)
last=(Núñez Łukasiewicz Wiśniewski O\'Connell Durand Håkonsen Martin Ivanov Yılmaz O\'Brien Muñoz Okafor Holm Patel García Byrne)
{
  echo "patient,date,clinician,prescription,language,paper,notes,email"
  for ((i = 1; i <= n; i++)); do
    f=${first[$((i % ${#first[@]}))]}; l=${last[$(((i / ${#first[@]}) % ${#last[@]}))]}
    day=$(printf '%02d' $((1 + i % 28)))
    if ((i % 2)); then p=hip-and-lower-back.yaml; c='"Alex Rivera, PT"'; else p=back-care.yaml; c='"Priya Shah, DC"'; fi
    echo "$f $l $i,2026-11-$day,$c,$p,en,a4,,patient$i@example.com"
  done
} > "$out"
