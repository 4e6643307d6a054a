import math,sys
R=6371.0; P0=math.radians(52); L0=math.radians(10)
def fwd(lat,lon):
    p=math.radians(lat); d=math.radians(lon)-L0
    k=math.sqrt(2/(1+math.sin(P0)*math.sin(p)+math.cos(P0)*math.cos(p)*math.cos(d)))
    return R*k*math.cos(p)*math.sin(d), -R*k*(math.cos(P0)*math.sin(p)-math.sin(P0)*math.cos(p)*math.cos(d))
def inv(x,y):
    y=-y; rho=math.hypot(x,y)
    if rho==0: return 52,10
    c=2*math.asin(rho/(2*R))
    lat=math.asin(math.cos(c)*math.sin(P0)+y*math.sin(c)*math.cos(P0)/rho)
    lon=L0+math.atan2(x*math.sin(c),rho*math.cos(P0)*math.cos(c)-y*math.sin(P0)*math.sin(c))
    return math.degrees(lat),math.degrees(lon)
if __name__=="__main__":
    pts={"Iceland W (Bjargtangar)":(65.5,-24.5),"Iceland E":(65.0,-13.5),"Cape Roca PT":(38.78,-9.5),"Cabo S.Vicente":(37.0,-9.0),"Cyprus E":(35.6,34.6),"Nordkinn NO":(71.13,27.7),"Vardo":(70.37,31.1),"Turkey E (Ararat)":(39.7,44.3),"Ukraine E":(49.2,40.2),"Azores W":(39.4,-31.2),"Canaries E":(28.5,-13.8),"Madeira":(32.7,-17),"Svalbard S":(76.5,16.5),"Crete S":(34.8,24.8),"Malta":(35.9,14.4),"Georgia/Azerb E":(41.8,49),"Moscow":(55.75,37.62)}
    for n,(a,b) in pts.items(): print(f"{n:25s} {a:7.2f} {b:7.2f} -> {fwd(a,b)[0]:8.1f} {fwd(a,b)[1]:8.1f}")
    for x,y in [(-2900,-2400),(2600,-2400),(-2900,2300),(2600,2300),(0,-2400),(0,2300),(-2900,0),(2600,0)]:
        print("corner",x,y,"->",["%.2f"%v for v in inv(x,y)])
