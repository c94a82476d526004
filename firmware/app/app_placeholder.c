/* Placeholder until firmware/app lands; keeps the library non-empty. */
int app_placeholder(void);
int app_placeholder(void)
{
    return 0;
}
