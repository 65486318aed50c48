# Writes a C++ source holding the bytes of IN as an array (run at build time: cmake -DIN=... -DOUT=...
# -P embed_table.cmake). Nothing is downloaded; the input is the committed table.
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" n)
math(EXPR size "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
file(WRITE "${OUT}.tmp"
"// Generated at build time from simulators/nb201/data/nb201_table.bin by embed_table.cmake.\n"
"#include <cstddef>\n"
"namespace dsegym::sim::nb201::detail {\n"
"extern const unsigned char embedded_table[];\n"
"extern const std::size_t embedded_table_size;\n"
"alignas(8) const unsigned char embedded_table[] = {\n${body}};\n"
"const std::size_t embedded_table_size = ${size};\n"
"}  // namespace dsegym::sim::nb201::detail\n")
file(RENAME "${OUT}.tmp" "${OUT}")
