// The library's one import for users: `import CIBGraph` brings the model, the
// readers and writers, the analyses and the drawing. The layers are separate
// modules so that the compiler holds their order (Core ← Formats, Analysis,
// Drawing); this module only re-exports them.
@_exported import CIBGraphAnalysis
@_exported import CIBGraphCore
@_exported import CIBGraphDrawing
@_exported import CIBGraphFormats
