declare module "*.so" { const path: string; export default path; }
declare module "*.so.1" { const path: string; export default path; }
declare module "*.o" { const path: string; export default path; }
declare module "*.bash" { const text: string; export default text; }
declare module "*.fish" { const text: string; export default text; }
declare module "*/_swoll" { const text: string; export default text; }
declare module "*/swoll-hold" { const path: string; export default path; }
