/* main.c - INTERIM until the engine lands. */
#include <stdio.h>
int main(void)
{
	puts("ovtsh " OVTSH_VERSION);
	return 0;
}
