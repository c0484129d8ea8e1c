#!/bin/sh
# Product code parses numbers with std::from_chars (checked): the C and C++
# conversions that throw, or read garbage as 0, are refused here.
# Usage: no_unchecked_parsing.sh SOURCE_DIR
cd "$1" || exit 2
found=$(grep -rnE '\b(std::)?(atoi|atol|atoll|atof|stoi|stol|stoll|stoul|stoull|stof|stod|stold)\(' \
  --include='*.cpp' --include='*.h' engine workers cli client web 2>/dev/null)
if [ -n "$found" ]; then
  echo "unchecked number parsing in product code (use std::from_chars):"
  echo "$found"
  exit 1
fi
echo "no unchecked number parsing in engine/ workers/ cli/ client/ web/"
