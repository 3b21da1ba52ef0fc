<#
.SYNOPSIS
    Draws the README's before/after picture: a phone photo stored sideways with an EXIF orientation and a GPS
    position (left, as a viewer or uploader that ignores the orientation shows it) and what ConvertTo-ZApiStatusImage
    makes of it (right). Writes sideways-before-after.png beside this script.
.EXAMPLE
    dotnet pwsh -File src/ZApi.Status.Media/docs/New-BeforeAfterImage.ps1 -ModulePath out/ZApi.Status.Media
#>
param([Parameter(Mandatory)] [string] $ModulePath)
$ErrorActionPreference = 'Stop'
Import-Module (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$work = Join-Path ([System.IO.Path]::GetTempPath()) ('zapi-readme-' + [guid]::NewGuid().ToString('N'))
$null = New-Item -ItemType Directory $work
try {
    # Loads Magick.NET with the module's policy: a 2×2 BMP written by hand.
    $bmp = [byte[]](0x42, 0x4D, 70, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 1, 0, 24, 0) + [byte[]]::new(24) + [byte[]](255) * 16
    [System.IO.File]::WriteAllBytes((Join-Path $work 'tiny.bmp'), $bmp)
    $null = ConvertTo-ZApiStatusImage -LiteralPath (Join-Path $work 'tiny.bmp') -Destination $work

    function Color([string] $Hex) { [ImageMagick.MagickColor]::new($Hex) }
    # A plain canvas from pixels: the module's policy refuses ImageMagick's "xc:" pseudo-format, which a colour constructor uses.
    function Solid([string] $Hex, [int] $Width, [int] $Height) {
        $c = Color $Hex
        $pixels = [byte[]]::new($Width * $Height * 3)
        for ($i = 0; $i -lt $pixels.Length; $i += 3) { $pixels[$i] = $c.R; $pixels[$i + 1] = $c.G; $pixels[$i + 2] = $c.B }
        $image = [ImageMagick.MagickImage]::new()
        $image.ReadPixels($pixels, [ImageMagick.PixelReadSettings]::new($Width, $Height, [ImageMagick.StorageType]::Char, [ImageMagick.PixelMapping]::RGB))
        $image
    }
    function Rect($Image, [string] $Fill, [double] $X0, [double] $Y0, [double] $X1, [double] $Y1) {
        $Image.Draw([ImageMagick.Drawing.IDrawable[]]@([ImageMagick.Drawing.DrawableFillColor]::new((Color $Fill)), [ImageMagick.Drawing.DrawableRectangle]::new($X0, $Y0, $X1, $Y1)))
    }
    function Polygon($Image, [string] $Fill, [double[]] $Points) {
        $coordinates = for ($i = 0; $i -lt $Points.Count; $i += 2) { [ImageMagick.PointD]::new($Points[$i], $Points[$i + 1]) }
        $Image.Draw([ImageMagick.Drawing.IDrawable[]]@([ImageMagick.Drawing.DrawableFillColor]::new((Color $Fill)), [ImageMagick.Drawing.DrawablePolygon]::new([ImageMagick.PointD[]]$coordinates)))
    }

    # The scene as the camera saw it: sky, sun, hills, a house.
    $scene = Solid '#7EC8F0' 400 300
    for ($band = 0; $band -lt 6; $band++) { Rect $scene ('#{0:X2}{1:X2}F5' -f (126 + 12 * $band), (200 + 6 * $band)) 0 ($band * 30) 400 ($band * 30 + 30) }
    $scene.Draw([ImageMagick.Drawing.IDrawable[]]@([ImageMagick.Drawing.DrawableFillColor]::new((Color '#FFD23F')), [ImageMagick.Drawing.DrawableCircle]::new(320, 60, 352, 60)))
    Polygon $scene '#5DA34A' @(0, 210, 120, 170, 260, 200, 400, 175, 400, 300, 0, 300)
    Rect $scene '#F4E3C1' 120 170 240 250
    Polygon $scene '#C0392B' @(105, 172, 180, 115, 255, 172)
    Rect $scene '#8E5B3A' 168 205 192 250
    Rect $scene '#5DADE2' 135 185 158 205
    Rect $scene '#5DADE2' 202 185 225 205

    # As the phone stores it: turned, with "rotate 90° clockwise to show" (EXIF orientation 6) and where it was taken.
    $stored = $scene.Clone()
    $stored.Rotate(270)
    $exif = [ImageMagick.ExifProfile]::new()
    $exif.SetValue([ImageMagick.ExifTag]::Orientation, [uint16]6)
    $exif.SetValue([ImageMagick.ExifTag]::GPSLatitudeRef, 'N')
    $exif.SetValue([ImageMagick.ExifTag]::GPSLatitude, [ImageMagick.Rational[]]@([ImageMagick.Rational]::new(48, 1), [ImageMagick.Rational]::new(51, 1), [ImageMagick.Rational]::new(24, 1)))
    $stored.SetProfile($exif)
    $stored.Orientation = [ImageMagick.Orientation]::RightTop
    $phoneFile = Join-Path $work 'IMG_0001.jpg'
    $stored.Write($phoneFile, [ImageMagick.MagickFormat]::Jpeg)

    $converted = ConvertTo-ZApiStatusImage -LiteralPath $phoneFile -Destination $work
    $before = [ImageMagick.MagickImage]::new($phoneFile)      # its pixels, orientation ignored
    $after = [ImageMagick.MagickImage]::new($converted.FullName)
    foreach ($panel in $before, $after) { $panel.Resize([ImageMagick.MagickGeometry]::new(400, 240)) }

    $canvas = Solid '#FFFFFF' 660 260
    $canvas.Composite($before, 10, 10, [ImageMagick.CompositeOperator]::Over)
    Polygon $canvas '#555555' @(215, 120, 285, 120, 285, 105, 320, 130, 285, 155, 285, 140, 215, 140)
    $canvas.Composite($after, 330, 10, [ImageMagick.CompositeOperator]::Over)
    $canvas.Strip()
    $canvas.Settings.SetDefine([ImageMagick.MagickFormat]::Png, 'exclude-chunks', 'date,tIME')
    $canvas.Quality = 95
    $canvas.Write((Join-Path $PSScriptRoot 'sideways-before-after.png'), [ImageMagick.MagickFormat]::Png)
}
finally {
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
