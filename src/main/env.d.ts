// electron-vite's module declarations (`?modulePath`, `?asset`, ELECTRON_RENDERER_URL) for the main-process build.
/// <reference types="electron-vite/node" />
