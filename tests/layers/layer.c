/* The layer check's only source (Makefile.am, "The layer check"): each
 * tests/layers/libcheck_LAYER.so is this file plus, whole, the convenience
 * libraries of LAYER and of the layers below it, linked with
 * -Wl,--no-undefined.  This file references nothing, so every symbol the
 * layer needs must come from itself, a lower layer or a system library;
 * a call into an upper layer fails the link.  The one definition keeps
 * the translation unit from being empty (ISO C). */
extern const int cks_layer_check;
const int cks_layer_check = 1;
