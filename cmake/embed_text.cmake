# Writes a C++ source defining `const char <SYMBOL>[]` with the bytes of
# INPUT, so that data files (the builtin calendar) live inside the binary.
# Usage: cmake -DINPUT=... -DOUTPUT=... -DSYMBOL=... -P embed_text.cmake
file(READ "${INPUT}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
string(REGEX REPLACE "(('[^']+',){16})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUTPUT}"
  "// Generated from ${INPUT} by cmake/embed_text.cmake; do not edit.\n"
  "namespace gongkai {\nextern const char ${SYMBOL}[];\n"
  "const char ${SYMBOL}[] = {\n${bytes}'\\0'};\n}  // namespace gongkai\n")
