/* cni_main.c - build/ovtsh-cni, the CNI plugin of type "ovtsh" (see
 * ovtsh/cni.h): everything is in src/cni/. */
#include "ovtsh/cni.h"

int main(void)
{
	return cni_main();
}
